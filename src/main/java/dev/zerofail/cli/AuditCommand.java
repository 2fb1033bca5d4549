package dev.zerofail.cli;

import dev.zerofail.audit.Audit;
import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", header = "Score a repository against the definition of done.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a repository against the definition of done and print one scorecard: "
                + "secrets in the repository, the secrets manifest, CI workflows, compose files, deploys "
                + "(success rate, the success streak, mean deploy time, a verified rollback or drill), CI runs "
                + "(failure rate, money on failed runs, top cause), monitoring (a metrics endpoint answers or the "
                + "dashboards are exported) and documentation (a README and a runbook).",
                "Thresholds: zerofail.yaml audit: (docs/configuration.md). A check with nothing to measure "
                + "says so and what to run; it neither passes nor fails the gate.", "",
                "With --ci the command exits 1 when any check fails, so it can gate a pipeline."})
public final class AuditCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--env", paramLabel = "ENV", description = "the environment whose deploys are judged "
            + "(default: audit.environment, then stats.production, prod)")
    String environment;

    @Option(names = "--ci", description = "exit 1 when the scorecard fails")
    boolean ci;

    @Override
    public Integer call() {
        Path root = repository.root();
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        ProgressPrinter progress = progress();
        Report report = Audit.run(root, cfg, progress, environment, java.time.Instant.now(), System.getenv());
        progress.done();
        emit(report);
        return ci && !((AuditResult) report.result()).scorecard().passed() ? ExitCode.FINDINGS.code() : ExitCode.OK.code();
    }
}
