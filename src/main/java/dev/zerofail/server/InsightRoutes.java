package dev.zerofail.server;

import dev.zerofail.core.Result;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.DeployStats;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.stats.StatsQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * GET /api/v1/metrics/dora (zerofail stats' figures, computed in SQL on the shared store) and
 * GET /api/v1/scorecard (zerofail audit's scorecard of the served repository, cached: an audit
 * scans the repository and costs seconds, and the repository a server serves rarely changes).
 */
final class InsightRoutes implements RouteGroup {
    static final Duration SCORECARD_TTL = Duration.ofMinutes(5);
    static final int MAX_WINDOW_DAYS = 365;

    private record Cached(Result result, Instant at) {
    }

    private final HistoryStore store;
    private final Set<String> environments;
    private final Insights insights;
    private final Clock clock;
    private Cached cached;

    InsightRoutes(HistoryStore store, Set<String> environments, Insights insights, Clock clock) {
        this.store = store;
        this.environments = Set.copyOf(environments);
        this.insights = insights;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/metrics/dora", Access.VIEWER, ctx -> {
            QueryParams q = QueryParams.of(ctx, Set.of("env", "service", "window"));
            StatsConfig cfg = insights.stats();
            String env = q.get("env");
            if (env == null) {
                env = cfg.production();
            }
            if (!environments.contains(env)) {
                throw ProblemException.badParameter("env", "no environment '" + env + "' in zerofail.yaml; one of "
                        + String.join(", ", environments.stream().sorted().toList()));
            }
            String service = q.get("service");
            if (service != null && !service.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
                throw ProblemException.badParameter("service", "expected a service name (letters, digits, '_', '.', '-')");
            }
            String window = q.get("window");
            if (window != null) {
                String days = window.endsWith("d") ? window.substring(0, window.length() - 1) : window;
                if (!days.matches("[0-9]{1,3}") || Integer.parseInt(days) < 1 || Integer.parseInt(days) > MAX_WINDOW_DAYS) {
                    throw ProblemException.badParameter("window", "expected days from 1 to " + MAX_WINDOW_DAYS + ", like 7 or 30d");
                }
                cfg = new StatsConfig(cfg.zone(), cfg.production(), List.of(Integer.parseInt(days)), cfg.rollbackWithin(),
                        cfg.successTarget(), cfg.streakDays(), cfg.thresholds());
            }
            Server.json(ctx, DeployStats.compute(store, new StatsQuery(env, service, clock.instant(), cfg), insights.database()));
        });
        routes.get("/api/v1/scorecard", Access.VIEWER, ctx -> {
            QueryParams.of(ctx, Set.of());
            Cached c = scorecard();
            ctx.header("Age", Long.toString(Math.max(0, Duration.between(c.at(), clock.instant()).toSeconds())));
            Server.json(ctx, c.result());
        });
    }

    /** One audit at a time; every request within the TTL gets its result. */
    private synchronized Cached scorecard() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cached.at().plus(SCORECARD_TTL))) {
            cached = new Cached(insights.scorecard().get(), now);
        }
        return cached;
    }
}
