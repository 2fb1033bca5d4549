package dev.zerofail.server;

import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.metrics.DeployMetrics;
import dev.zerofail.metrics.Exposition;
import dev.zerofail.metrics.Scope;
import dev.zerofail.report.Versions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: Prometheus text or OpenMetrics by the Accept header (docs/metrics.md); open
 * to anonymous scrapes when {@code serve.anonymous} lists {@code metrics}. Deployment figures come
 * from the store at each render (only what changed is read); Swarm's view of each environment is
 * asked at most every {@link #STATUS_TTL} (a few Engine API calls per service), and an environment
 * whose Docker does not answer leaves its service series out. The text itself is rendered at most
 * once per {@link #RENDER_TTL}: figures up to a second old (plus one render), whatever the number of scrapers.
 */
public final class MetricsRoutes implements RouteGroup {
    static final Duration STATUS_TTL = Duration.ofSeconds(15);
    static final Duration RENDER_TTL = Duration.ofSeconds(1);

    private final DeployMetrics metrics;
    private final Collection<String> environments;
    private final StatusSource status;
    private final Supplier<AuditResult> audit;
    private final Clock clock;
    private List<StatusResult> statuses = List.of();
    private Instant statusesAt;
    private final java.util.Map<String, Rendered> rendered = new java.util.concurrent.ConcurrentHashMap<>();
    private final ReentrantLock rendering = new ReentrantLock();

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
            byte[] body;
            try {
                body = render(e);
            } catch (ZerofailException ex) {
                throw ProblemException.unavailable("store-unavailable", "the history database does not answer");
            }
            ctx.contentType(e.contentType()).result(body);
        });
    }

    /**
     * The exposition in {@code e}'s format, rendered at most once per {@link #RENDER_TTL}: a scrape writes
     * a few thousand series (every scope, result and bucket, pre-initialised; ~230 KB), which is most of its
     * cost, and many scrapers (several Prometheus, a load test) in one second would each pay it. It is kept
     * as UTF-8 bytes: encoding the text again for every answer cost more CPU than the render (JFR, bench/results/serve.md).
     * Once it is stale, one caller renders while the others are answered at once with the last text, so the
     * render's pause falls on one request a second, not on every request in flight. Only before the first
     * render do callers wait for it.
     */
    byte[] render(Exposition e) {
        Rendered last = rendered.get(e.contentType());
        if (fresh(last)) {
            return last.body();
        }
        if (last == null) {
            rendering.lock();
        } else if (!rendering.tryLock()) {
            return last.body();
        }
        try {
            Instant now = clock.instant();
            last = rendered.get(e.contentType());
            if (fresh(last)) {
                return last.body();
            }
            byte[] body = e.toText(metrics.scrape(statuses(), audit.get())).getBytes(StandardCharsets.UTF_8);
            rendered.put(e.contentType(), new Rendered(body, now));
            return body;
        } finally {
            rendering.unlock();
        }
    }

    private boolean fresh(Rendered r) {
        Instant now = clock.instant();
        return r != null && !now.isBefore(r.at()) && Duration.between(r.at(), now).compareTo(RENDER_TTL) < 0;
    }

    private record Rendered(byte[] body, Instant at) {
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
