package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.JdbcRunStore;
import dev.zerofail.runs.Prices;
import dev.zerofail.runs.RunsReport;
import dev.zerofail.runs.RunsReportResult;
import dev.zerofail.runs.cause.CauseClassifier;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", header = "Report imported CI runs: rates, flaky workflows, minutes, cost and root causes.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Over the runs 'zerofail runs import' stored (every attempt counts as a run): success, failure "
                + "(failure, timed_out, startup_failure) and cancelled rates over completed runs, skipped apart; "
                + "re-runs and flaky workflows (failed, then passed on a re-run of the same commit); minutes per job "
                + "and billable minutes (each job rounded up, by runner from its labels); cost at runs.prices (US "
                + "dollars per minute; defaults are GitHub's published prices) and money spent on failed runs; the top "
                + "root causes of failed jobs with example runs; the most wasteful workflows; time from push to a "
                + "successful deploy when deploy records carry their commit.",
            "--format csv writes one row per group (--by, default workflow)."})
public final class RunsReportCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--by", paramLabel = "GROUP", description = "workflow, week, cause or branch: figures per group "
            + "(text, markdown, json; csv defaults to workflow)")
    String by;

    @Option(names = "--since", paramLabel = "WHEN", description = "runs created since a date (2026-11-01), an instant "
            + "or a time ago (30d, 2w)")
    String since;

    @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "only this repository (default: every imported one)")
    String repo;

    @Override
    public Integer call() {
        RunsReport.By group = by(by, output.format == dev.zerofail.report.Format.CSV);
        Instant from = since == null ? null : HistoryCommand.parseSince(since, Instant.now());
        RunsSetup setup = new RunsSetup(repository, config);
        Prices prices = Prices.from(setup.config.section("runs"));
        String where = setup.history.describe(setup.root);
        RunsReportResult result;
        RunsReport.Query query = new RunsReport.Query(repo, from, group);
        if (!setup.history.exists(setup.root)) {
            result = RunsReport.nothingImported(prices, query, where, "no history database yet");
        } else {
            try (HistoryStore history = setup.history.open(setup.root, System.getenv())) {
                result = new RunsReport(new JdbcRunStore(history.dataSource()), prices, CauseClassifier.builtIn())
                        .run(query, where);
            }
        }
        List<String> warnings = result.totals().runs() == 0
                ? List.of("no runs imported" + (repo == null ? "" : " for " + repo) + (from == null ? "" : " since " + from)
                        + ": run zerofail runs import --repo OWNER/NAME")
                : List.of();
        emit(new Report("runs report", setup.root.toString(), result, List.of(), warnings));
        return ExitCode.OK.code();
    }

    static RunsReport.By by(String text, boolean csv) {
        if (text == null) {
            return csv ? RunsReport.By.WORKFLOW : null;
        }
        try {
            return RunsReport.By.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ZerofailException.usage("--by", "expected workflow, week, cause or branch, got '" + text + "'",
                    "for example --by week");
        }
    }
}
