package dev.zerofail.cli;

import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.Report;
import dev.zerofail.report.Format;
import dev.zerofail.report.Reporter;
import java.io.PrintWriter;
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

    void emit(Report report, PrintWriter out) {
        String text = reporter().render(report);
        if (output != null) {
            AtomicFiles.write(output, text.getBytes(StandardCharsets.UTF_8));
        } else {
            out.print(text);
            out.flush();
        }
    }
}
