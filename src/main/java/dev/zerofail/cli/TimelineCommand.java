package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.timeline.Timeline;
import dev.zerofail.timeline.TimelineResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "timeline", header = "The definition of done week by week, with charts.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per ISO week (Monday to Sunday in stats.timezone): deploy success rate, mean deploy time and "
                + "rollbacks from the deploy history; placeholder secrets, active workflows, compose files and manual "
                + "(SSH) steps from the week's latest 'zerofail audit --record' snapshot; CI failure rate from the runs "
                + "'zerofail runs import' stored. A week with nothing to measure shows '—' (null in JSON), never 0.",
            "Thresholds come from audit: in zerofail.yaml, as the audit's scorecard reads them. --format markdown "
                + "writes a job-summary table; --format html one self-contained page with a chart per figure."})
public final class TimelineCommand extends ReportCommand {
    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--env", paramLabel = "ENV", description = "the environment whose deploys and audit snapshots count "
            + "(default: audit.environment, then stats.production, prod)")
    String environment;

    @Option(names = "--weeks", paramLabel = "N", defaultValue = "12", description = "how many weeks, this one included "
            + "(default: ${DEFAULT-VALUE})")
    int weeks = 12;

    @Option(names = "--since", paramLabel = "DATE", description = "start at the week of this day (2026-09-01) or of a "
            + "time ago (90d, 12w); overrides --weeks")
    String since;

    @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "only this repository's CI runs (default: every "
            + "imported one)")
    String repo;

    @Option(names = "--tz", paramLabel = "ZONE", description = "time zone of the weeks, e.g. Europe/Berlin "
            + "(default: stats.timezone, UTC)")
    String zone;

    @Override
    public Integer call() {
        if (weeks < 1 || weeks > Timeline.MAX_WEEKS) {
            throw ZerofailException.usage("--weeks", "expected a number of weeks from 1 to " + Timeline.MAX_WEEKS
                    + ", got " + weeks, "for example --weeks 12");
        }
        Path root = repository.root();
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        StatsConfig stats = StatsConfig.from(cfg.section("stats"));
        ZoneId tz = zone == null ? stats.zone() : StatsConfig.parseZone(zone.trim(), "--tz");
        TimelineResult.Thresholds thresholds = Timeline.thresholds(cfg);
        Instant now = Instant.now();
        LocalDate from = since == null ? null : HistoryCommand.parseSince(since, now).atZone(tz).toLocalDate();
        if (from != null && from.isAfter(now.atZone(tz).toLocalDate())) {
            throw ZerofailException.usage("--since", "'" + since + "' is in the future", "give a past day, e.g. --since 90d");
        }
        Timeline.Query q = new Timeline.Query(environment != null ? environment : Timeline.environment(cfg), repo, now,
                weeks, from, tz);
        HistoryConfig history = HistoryConfig.from(cfg.section("history"));
        String where = history.describe(root);
        TimelineResult result;
        if (!history.exists(root)) {
            result = Timeline.empty(q, where, thresholds);
        } else {
            try (HistoryStore store = history.open(root, System.getenv())) {
                result = Timeline.compute(store, where, q, stats, thresholds);
            }
        }
        emit(new Report("timeline", root.toString(), result, List.of(), warnings(result)));
        return ExitCode.OK.code();
    }

    private static List<String> warnings(TimelineResult r) {
        List<String> out = new ArrayList<>();
        if (r.weeks().stream().allMatch(w -> w.auditAt() == null)) {
            out.add("no audit snapshot for " + r.environment() + " in these weeks: run zerofail audit --record "
                    + "(for example in a scheduled workflow)");
        }
        return out;
    }
}
