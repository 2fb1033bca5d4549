package dev.zerofail.cli;

import dev.zerofail.core.Report;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every command that produces a report shares: --config, the output options, progress and emit. */
abstract class ReportCommand implements Callable<Integer>, Main.HasOutput {
    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: DIR/zerofail.yaml when present)")
    Path config;

    @Mixin
    OutputOptions output = new OutputOptions();

    @Spec
    CommandSpec spec;

    /** The streams when the command runs without picocli ({@link QuickLine}); else picocli's. */
    private java.io.PrintWriter out;
    private java.io.PrintWriter err;

    void streams(java.io.PrintWriter out, java.io.PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    java.io.PrintWriter out() {
        return out != null ? out : spec.commandLine().getOut();
    }

    java.io.PrintWriter err() {
        return err != null ? err : spec.commandLine().getErr();
    }

    @Override
    public OutputOptions output() {
        return output;
    }

    /** Progress lines on standard error, unless --quiet. */
    ProgressPrinter progress() {
        return new ProgressPrinter(err(), System.console() != null, output.quiet);
    }

    void emit(Report report) {
        output.emit(report, out());
    }
}
