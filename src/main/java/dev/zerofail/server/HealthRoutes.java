package dev.zerofail.server;

import dev.zerofail.history.HistoryStore;

/** Liveness (the process answers) and readiness (the history store answers). */
final class HealthRoutes implements RouteGroup {
    /** The body of /healthz and /readyz. */
    record Health(String status) {
    }

    private final HistoryStore store;

    HealthRoutes(HistoryStore store) {
        this.store = store;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/healthz", Access.anonymousIf("healthz"), ctx -> {
            QueryParams.of(ctx, java.util.Set.of());
            Server.json(ctx, new Health("ok"));
        });
        routes.get("/readyz", Access.anonymousIf("healthz"), ctx -> {
            QueryParams.of(ctx, java.util.Set.of());
            try {
                store.ping();
            } catch (RuntimeException e) {
                throw ProblemException.unavailable("store-unavailable", "the history database does not answer");
            }
            Server.json(ctx, new Health("ready"));
        });
    }
}
