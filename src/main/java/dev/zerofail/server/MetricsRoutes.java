package dev.zerofail.server;

import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.metrics.DeployMetrics;
import dev.zerofail.metrics.Exposition;
import dev.zerofail.metrics.Scope;
import dev.zerofail.report.Versions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: Prometheus text or OpenMetrics by the Accept header (docs/metrics.md); open
 * to anonymous scrapes when {@code serve.anonymous} lists {@code metrics}. Deployment figures come
 * from the store on each scrape (only what changed is read); Swarm's view of each environment is
 * asked at most every {@link #STATUS_TTL} (a few Engine API calls per service), and an environment
 * whose Docker does not answer leaves its service series out.
 */
public final class MetricsRoutes implements RouteGroup {
    static final Duration STATUS_TTL = Duration.ofSeconds(15);

    private final DeployMetrics metrics;
    private final Collection<String> environments;
    private final StatusSource status;
    private final Supplier<AuditResult> audit;
    private final Clock clock;
    private List<StatusResult> statuses = List.of();
    private Instant statusesAt;

    /** {@code audit}: the last audit, or null while there is none (a cache: an audit is not cheap). */
    public MetricsRoutes(DeployMetrics metrics, Collection<String> environments, StatusSource status, Supplier<AuditResult> audit,
            Clock clock) {
        this.metrics = metrics;
        this.environments = List.copyOf(environments);
        this.status = status;
        this.audit = audit;
        this.clock = clock;
    }

    /** Over the server's store and environments; {@code audit} as in the constructor. */
    public static MetricsRoutes of(Server.Deps deps, Supplier<AuditResult> audit) {
        return new MetricsRoutes(new DeployMetrics(deps.store(), Scope.of(deps.environments().values()), Versions.version(),
                deps.clock()), deps.environments().keySet(), deps.status(), audit, deps.clock());
    }

    /**
     * Reads the store once now: the first read of a large history takes seconds, better at start (on
     * a background thread) than during the first scrape.
     */
    public void warm() {
        metrics.scrape(List.of(), null);
    }

    @Override
    public void register(Routes routes) {
        routes.get("/metrics", Access.anonymousIf("metrics"), ctx -> {
            QueryParams.of(ctx, java.util.Set.of());
            Exposition e = Exposition.forAccept(ctx.header("Accept"));
            String body;
            try {
                body = e.toText(metrics.scrape(statuses(), audit.get()));
            } catch (ZerofailException ex) {
                throw ProblemException.unavailable("store-unavailable", "the history database does not answer");
            }
            ctx.contentType(e.contentType()).result(body);
        });
    }

    private synchronized List<StatusResult> statuses() {
        Instant now = clock.instant();
        if (statusesAt != null && Duration.between(statusesAt, now).compareTo(STATUS_TTL) < 0) {
            return statuses;
        }
        List<StatusResult> out = new ArrayList<>();
        for (String env : environments) {
            try {
                out.add(status.status(env));
            } catch (ZerofailException | IllegalStateException e) {
                // Docker unreachable for this environment: its service series are left out, the rest stands
            }
        }
        statuses = List.copyOf(out);
        statusesAt = now;
        return statuses;
    }
}
