package dev.zerofail.cli;

import dev.zerofail.audit.Audit;
import dev.zerofail.audit.AuditResult;
import dev.zerofail.audit.AuditSnapshots;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.report.Versions;
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

    @Option(names = "--record", description = "store a snapshot of the figures and each check's verdict in the history "
            + "database, for zerofail timeline (counts and check ids only)")
    boolean record;

    @Override
    public Integer call() {
        Path root = repository.root();
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        ProgressPrinter progress = progress();
        Report report = Audit.run(root, cfg, progress, environment, java.time.Instant.now(), System.getenv());
        progress.done();
        if (record) {
            record(root, cfg, report);
        }
        emit(report);
        return ci && !((AuditResult) report.result()).scorecard().passed() ? ExitCode.FINDINGS.code() : ExitCode.OK.code();
    }

    private void record(Path root, ZerofailConfig cfg, Report report) {
        HistoryConfig history = HistoryConfig.from(cfg.section("history"));
        long id;
        try (HistoryStore store = history.open(root, System.getenv())) {
            id = AuditSnapshots.record(store, AuditSnapshots.of(report, cfg, java.time.Instant.now(), Versions.version()));
        }
        if (!output.quiet) {
            spec.commandLine().getErr().println("recorded audit snapshot " + id + " in " + history.describe(root));
            spec.commandLine().getErr().flush();
        }
    }
}
