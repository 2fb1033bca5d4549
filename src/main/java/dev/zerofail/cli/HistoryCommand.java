package dev.zerofail.cli;

import dev.zerofail.core.Durations;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentDetail;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryPage;
import dev.zerofail.history.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "history", header = "List recorded deploys and rollbacks.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every recorded deploy and rollback, newest first: who and why, kind and outcome, images and "
                + "spec fingerprints before and after, time spent in each phase, health gate results, and failing "
                + "tasks with their error and exit code. --id shows one deployment with its full event timeline.",
            "Reads the history database named in zerofail.yaml (history.url; default .zerofail/history.db)."})
public final class HistoryCommand extends ReportCommand {
    static final int DEFAULT_LIMIT = 50;

    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--env", paramLabel = "ENV", description = "only this environment")
    String environment;

    @Option(names = "--service", paramLabel = "SERVICE", description = "only this service")
    String service;

    @Option(names = "--since", paramLabel = "WHEN", description = "only deployments started since a date "
            + "(2026-11-01), an instant (2026-11-01T12:00:00Z) or a time ago (30m, 12h, 7d, 2w)")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "at most N deployments (default: "
            + DEFAULT_LIMIT + "; 0: all)")
    int limit = DEFAULT_LIMIT;

    @Option(names = "--id", paramLabel = "N", description = "one deployment in full, with its event timeline")
    Long id;

    @Override
    public Integer call() {
        Path root = repository.root();
        Instant from = since == null ? null : parseSince(since, Instant.now());
        if (limit < 0) {
            throw ZerofailException.usage("--limit", "expected 0 or more, got " + limit, "0 shows every deployment");
        }
        HistoryConfig cfg = HistoryConfig.from(ZerofailConfig.load(root, config).section("history"));
        String where = cfg.describe(root);
        HistoryPage.Query query = id != null ? new HistoryPage.Query(id, null, null, null, null)
                : new HistoryPage.Query(null, environment, service, from, limit);
        if (!cfg.exists(root)) {
            emit(new Report("history", root.toString(), HistoryPage.empty(where, query), List.of(), List.of()));
            return ExitCode.OK.code();
        }
        HistoryPage page;
        try (HistoryStore store = cfg.open(root, System.getenv())) {
            if (id != null) {
                Deployment d = store.get(id).orElseThrow(() -> ZerofailException.usage("--id",
                        "no deployment " + id + " in " + where, "run zerofail history to list them"));
                page = HistoryPage.one(where, query, DeploymentDetail.load(store, d));
            } else {
                List<Deployment> found = store.list(environment, service, from, limit == 0 ? 0 : limit + 1);
                boolean more = limit > 0 && found.size() > limit;
                List<DeploymentDetail> shown = found.stream().limit(limit == 0 ? Long.MAX_VALUE : limit)
                        .map(d -> DeploymentDetail.load(store, d)).toList();
                page = HistoryPage.list(where, query, shown, more);
            }
        }
        emit(new Report("history", root.toString(), page, List.of(), List.of()));
        return ExitCode.OK.code();
    }

    /** A date (midnight UTC), an instant, or a time ago: 30m, 12h, 7d, 2w. */
    static Instant parseSince(String text, Instant now) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Optional<Duration> ago = Durations.parseAgo(t);
        if (ago.isPresent()) {
            return now.minus(ago.get());
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            // not a date; maybe an instant
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ZerofailException.usage("--since", "expected a date (2026-11-01), an instant (2026-11-01T12:00:00Z) "
                    + "or a time ago (30m, 12h, 7d, 2w), got '" + text + "'", "for example --since 7d");
        }
    }
}
