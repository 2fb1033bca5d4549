package dev.zerofail.server;

import dev.zerofail.core.Result;
import dev.zerofail.stats.StatsConfig;
import java.util.function.Supplier;

/**
 * What /api/v1/metrics/dora and /api/v1/scorecard read beyond the store: zerofail.yaml's
 * {@code stats:} section, the store's description (no credentials) and the served repository's audit.
 */
public record Insights(StatsConfig stats, String database, Supplier<Result> scorecard) {
    public static final Insights NONE = new Insights(StatsConfig.defaults(), "history", () -> {
        throw new ProblemException(Problem.of(503, "dependency-unavailable", "Service unavailable",
                "this server has no repository to audit"));
    });
}
