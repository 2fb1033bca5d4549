package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.DeployStats;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.stats.StatsQuery;
import dev.zerofail.stats.StatsResult;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stats", header = "Deploy success rate, the 95%% streak and the DORA figures.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"From the deploy history: success rate per calendar day, whether it stayed at or above "
                + "the target (95%%) for 7 consecutive days, deployment frequency, change fail rate, failed "
                + "deployment recovery time, rework rate, mean and p90 deploy time and, when deploys record their "
                + "commit, change lead time; each DORA figure classed elite/high/medium/low (DORA 2023).",
            "Per environment, for all services together and each service alone, over 7 and 30 days "
                + "(zerofail.yaml stats:). Definitions: docs/stats.md."})
public final class StatsCommand extends ReportCommand {
    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--env", paramLabel = "ENV", description = "the environment (default: stats.production, prod)")
    String environment;

    @Option(names = "--service", paramLabel = "SERVICE", description = "only this service (default: all together and each)")
    String service;

    @Option(names = "--window", paramLabel = "DAYS", split = ",", description = "window length in calendar days, "
            + "e.g. 7d or 7,30 (default: stats.windows, 7 and 30)")
    List<String> windows;

    @Option(names = "--tz", paramLabel = "ZONE", description = "time zone of the calendar days, e.g. Europe/Berlin "
            + "(default: stats.timezone, UTC)")
    String zone;

    @Override
    public Integer call() {
        Path root = repository.root();
        ZerofailConfig zc = ZerofailConfig.load(root, config);
        StatsConfig cfg = StatsConfig.from(zc.section("stats"));
        HistoryConfig history = HistoryConfig.from(zc.section("history"));
        if (zone != null) {
            cfg = new StatsConfig(StatsConfig.parseZone(zone.trim(), "--tz"), cfg.production(), cfg.windows(),
                    cfg.rollbackWithin(), cfg.successTarget(), cfg.streakDays(), cfg.thresholds());
        }
        if (windows != null && !windows.isEmpty()) {
            cfg = new StatsConfig(cfg.zone(), cfg.production(), windows.stream().map(StatsCommand::days).toList(),
                    cfg.rollbackWithin(), cfg.successTarget(), cfg.streakDays(), cfg.thresholds());
        }
        StatsQuery query = new StatsQuery(environment != null ? environment : cfg.production(), service, Instant.now(), cfg);
        String where = history.describe(root);
        StatsResult result;
        if (!history.exists(root)) {
            result = DeployStats.empty(query, where);
        } else {
            try (HistoryStore store = history.open(root, System.getenv())) {
                result = DeployStats.compute(store, query, where);
            }
        }
        emit(new Report("stats", root.toString(), result, List.of(), List.of()));
        return ExitCode.OK.code();
    }

    static int days(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        String digits = t.endsWith("d") ? t.substring(0, t.length() - 1) : t;
        try {
            int v = Integer.parseInt(digits);
            if (v >= 1 && v <= 366) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ZerofailException.usage("--window", "expected a number of days from 1 to 366 such as 7d, got '" + text + "'",
                "for example --window 7d or --window 7,30");
    }
}
