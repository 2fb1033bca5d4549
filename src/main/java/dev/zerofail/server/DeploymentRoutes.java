package dev.zerofail.server;

import dev.zerofail.core.Durations;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentDetail;
import dev.zerofail.history.DeploymentFilter;
import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.HistoryStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The deployment history: pages of deployments (keyset on id, newest first) and one in full. */
final class DeploymentRoutes implements RouteGroup {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final String STATES = Arrays.stream(DeployState.values()).map(s -> s.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));

    /** The body of /api/v1/deployments; {@code nextCursor} is absent on the last page. */
    record DeploymentList(List<DeploymentRecord> deployments, int limit, String nextCursor) {
        DeploymentList {
            deployments = List.copyOf(deployments);
        }
    }

    private final HistoryStore store;
    private final Set<String> environments;
    private final Clock clock;

    DeploymentRoutes(HistoryStore store, Set<String> environments, Clock clock) {
        this.store = store;
        this.environments = Set.copyOf(environments);
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/deployments", Access.VIEWER, ctx -> {
            QueryParams q = QueryParams.of(ctx, Set.of("env", "service", "state", "since", "cursor", "limit"));
            DeploymentFilter filter = new DeploymentFilter(env(q.get("env")), service(q.get("service")), state(q.get("state")),
                    since(q.get("since")));
            int limit = limit(q.get("limit"));
            String cursor = q.get("cursor");
            Long before = cursor == null ? null : Cursor.decode(cursor);
            List<Deployment> found = store.page(filter, before, limit + 1);
            boolean more = found.size() > limit;
            List<Deployment> shown = more ? found.subList(0, limit) : found;
            Server.json(ctx, new DeploymentList(shown.stream().map(DeploymentRecord::of).toList(), limit,
                    more ? Cursor.encode(shown.get(shown.size() - 1).id()) : null));
        });
        routes.get("/api/v1/deployments/{id}", Access.VIEWER, ctx -> {
            QueryParams.of(ctx, Set.of());
            String raw = ctx.pathParam("id");
            if (!raw.matches("[1-9][0-9]{0,17}")) {
                throw ProblemException.badParameter("id", "expected a deployment id (a positive whole number)");
            }
            long id = Long.parseLong(raw);
            Optional<Deployment> d = store.get(id);
            if (d.isEmpty()) {
                throw ProblemException.notFound("no deployment " + id);
            }
            Server.json(ctx, DeploymentRecord.of(DeploymentDetail.load(store, d.get()), true));
        });
    }

    private String env(String v) {
        if (v != null && !environments.contains(v)) {
            throw ProblemException.badParameter("env", "no environment '" + v + "' in zerofail.yaml; one of "
                    + String.join(", ", environments.stream().sorted().toList()));
        }
        return v;
    }

    private static String service(String v) {
        if (v != null && !v.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw ProblemException.badParameter("service", "expected a service name (letters, digits, '_', '.', '-')");
        }
        return v;
    }

    private static DeployState state(String v) {
        if (v == null) {
            return null;
        }
        for (DeployState s : DeployState.values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(v)) {
                return s;
            }
        }
        throw ProblemException.badParameter("state", "expected one of " + STATES);
    }

    /** An instant (2026-11-20T10:00:00Z), a UTC date (2026-11-20) or a time back (30m, 12h, 7d, 2w). */
    private Instant since(String v) {
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            // next spelling
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            // next spelling
        }
        return Durations.parseAgo(v).map(d -> clock.instant().minus(d)).orElseThrow(() -> ProblemException.badParameter(
                "since", "expected an instant like 2026-11-20T10:00:00Z, a date like 2026-11-20 or a time back like 7d"));
    }

    private static int limit(String v) {
        if (v == null) {
            return DEFAULT_LIMIT;
        }
        if (!v.matches("[0-9]{1,4}") || Integer.parseInt(v) < 1 || Integer.parseInt(v) > MAX_LIMIT) {
            throw ProblemException.badParameter("limit", "expected a whole number from 1 to " + MAX_LIMIT);
        }
        return Integer.parseInt(v);
    }
}
