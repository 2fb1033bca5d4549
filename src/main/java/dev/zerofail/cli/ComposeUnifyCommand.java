package dev.zerofail.cli;

import dev.zerofail.compose.Unifier;
import dev.zerofail.compose.UnifyResult;
import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.report.Format;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "unify", header = "Merge compose files into one parameterised file.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Merge compose files into one parameterised file: the union of services, conflicts resolved "
                + "by file order (later wins, or --prefer), environment-specific values (registry, image tags, "
                + "replicas, environment name) turned into $${VAR:-default} parameters, rollout and rollback "
                + "settings added where missing, shared blocks as x- anchors. The result is read back and checked "
                + "to define every service as the merged input does before it is written. Prints every decision."})
public final class ComposeUnifyCommand implements Callable<Integer>, Main.HasOutput {
    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "compose files, in order (later wins); a "
            + "directory stands for the compose files directly in it, its base file first")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "the unified compose file (default: docker-compose.unified.yml next to the first FILE)")
    Path output;

    @Option(names = "--prefer", paramLabel = "FILE", description = "this input file wins every conflict")
    Path prefer;

    @Option(names = "--dry-run", description = "print the unified file instead of writing it")
    boolean dryRun;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "format of the decision report: text, json or markdown (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--report", paramLabel = "FILE", description = "write the decision report to FILE")
    Path reportFile;

    @Option(names = {"-q", "--quiet"}, description = "no report, only errors")
    boolean quiet;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public OutputOptions output() {
        OutputOptions o = new OutputOptions();
        o.format = format;
        o.output = reportFile;
        o.quiet = quiet;
        o.noColor = true;
        return o;
    }

    @Override
    public Integer call() {
        List<Path> files = ComposeFiles.expand(this.files);
        Path target = output != null ? output
                : files.get(0).toAbsolutePath().normalize().resolveSibling("docker-compose.unified.yml");
        // unify DIR twice: the first run's output is in DIR now, and must not become an input of the second
        Path written = target.toAbsolutePath().normalize();
        files = files.stream().filter(f -> this.files.contains(f) || !f.toAbsolutePath().normalize().equals(written))
                .toList();
        Unifier.Result result = Unifier.unify(files, prefer, target, System.getenv());
        if (dryRun) {
            spec.commandLine().getOut().print(result.yaml());
            spec.commandLine().getOut().flush();
        } else {
            // the default name is zerofail's choice, so it must stay in the compose project's directory
            AtomicFiles.write(output != null ? Path.of("") : files.get(0).toAbsolutePath().normalize().getParent(),
                    target, result.yaml().getBytes(StandardCharsets.UTF_8));
        }
        if (!quiet || reportFile != null) {
            Report report = report(result, dryRun ? null : target);
            java.io.PrintWriter sink = dryRun ? spec.commandLine().getErr() : spec.commandLine().getOut();
            output().emit(report, sink);
        }
        return ExitCode.OK.code();
    }

    static Report report(Unifier.Result r, Path written) {
        return new Report("compose unify", ".", UnifyResult.of(r, written), List.of(), r.warnings());
    }
}
