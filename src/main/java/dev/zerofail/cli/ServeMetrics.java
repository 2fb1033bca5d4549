package dev.zerofail.cli;

import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Result;
import dev.zerofail.server.MetricsRoutes;
import dev.zerofail.server.Server;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What {@code serve} adds for /metrics: the metrics over its store, warmed at start (the first read
 * of a large history takes seconds, better before the first scrape than during it), and the
 * repository's audit, run in the background at start and every {@link #AUDIT_EVERY} (an audit scans
 * the repository; a scrape only reads the last result).
 */
final class ServeMetrics implements AutoCloseable {
    static final Duration AUDIT_EVERY = Duration.ofMinutes(10);
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zerofail-serve-metrics");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<AuditResult> audit = new AtomicReference<>();
    final MetricsRoutes routes;

    /** {@code audits}: the repository's audit, cached for {@link #AUDIT_EVERY} and shared with the other routes. */
    ServeMetrics(Supplier<Result> audits, Server.Deps deps) {
        routes = MetricsRoutes.of(deps, audit::get);
        background.execute(() -> quietly(routes::warm));
        background.scheduleWithFixedDelay(() -> quietly(() -> {
            if (audits.get() instanceof AuditResult r) {
                audit.set(r);
            }
        }), 0, AUDIT_EVERY.toSeconds(), TimeUnit.SECONDS);
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            // a failed warm-up or audit leaves the figures to the next scrape or run; serve goes on
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
