package dev.zerofail.cli;

import dev.zerofail.audit.Audit;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a repository against the definition of done and print one scorecard: "
                + "secrets in the repository (more sections arrive with each capability).", "",
                "With --ci the command exits 1 when any check fails, so it can gate a pipeline."})
public final class AuditCommand extends ReportCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "repository root (default: .)")
    Path dir = Path.of(".");

    @Option(names = "--ci", description = "exit 1 when the scorecard fails")
    boolean ci;

    @Override
    public Integer call() {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw ZerofailException.usage(dir.toString(), "not a directory", "pass the repository root to audit");
        }
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        ProgressPrinter progress = progress();
        Report report = Audit.run(root, cfg, progress);
        progress.done();
        emit(report);
        return ci && !report.scorecard().passed() ? ExitCode.FINDINGS.code() : ExitCode.OK.code();
    }
}
