package dev.zerofail.cli;

import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.Report;
import dev.zerofail.report.Format;
import dev.zerofail.report.Reporter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --format, --output, --no-color, --quiet: shared by every command that produces a report. */
public final class OutputOptions {
    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text, json, sarif, markdown, csv or html (default: ${DEFAULT-VALUE})")
    Format format = Format.TEXT;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "write the report to FILE (atomically) instead of standard output")
    Path output;

    @Option(names = "--no-color", description = "no ANSI colours (also when NO_COLOR is set or output is not a terminal)")
    boolean noColor;

    @Option(names = {"-q", "--quiet"}, description = "no progress or log lines on standard error")
    boolean quiet;

    boolean color() {
        return !noColor && output == null && System.console() != null && System.getenv("NO_COLOR") == null
                && format == Format.TEXT;
    }

    Reporter reporter() {
        return format.reporter(color());
    }

    /** Streams the report: a scan's findings may be many more than fit comfortably in memory as one string. */
    void emit(Report report, PrintWriter out) {
        Reporter reporter = reporter();
        if (output != null) {
            AtomicFiles.write(output, os -> {
                Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
                reporter.write(report, w);
                w.flush();
            });
        } else {
            try {
                reporter.write(report, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a PrintWriter does not throw; kept for other writers
            }
            out.flush();
        }
    }
}
