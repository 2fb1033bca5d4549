package dev.zerofail.server;

import dev.zerofail.history.FeedItem;
import dev.zerofail.history.HistoryStore;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * GET /api/v1/events: Server-Sent Events of every deploy and rollback, derived from the store by a
 * cheap poll (deploy_events and gate_results above the last ids sent). The store is the only thing
 * every replica shares, so a client of any replica sees a deploy started through any other, or by the
 * CLI in CI, and a client that reconnects to another replica resumes with Last-Event-ID.
 */
final class EventRoutes implements RouteGroup, AutoCloseable {
    static final String MEDIA_TYPE = "text/event-stream";
    static final Duration POLL = Duration.ofMillis(500);
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    static final int MAX_CLIENTS = 64;
    static final int BATCH = 200;
    /** One line per event: SSE data may not hold a bare newline. */
    private static final com.fasterxml.jackson.databind.ObjectWriter COMPACT = dev.zerofail.report.Json.MAPPER.writer()
            .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    /** The data of one event; {@code phase} for a deploy event, {@code gate}, {@code target}, {@code passed} for a gate result. */
    record Data(long deploymentId, String environment, String service, String kind, Instant at, String phase, String gate,
            String target, Boolean passed, String message) {
    }

    /** Where a stream stands: the last event id and the last gate result id sent ("E.G" on the wire). */
    record Position(long event, long gate) {
        String wire() {
            return event + "." + gate;
        }

        static Position parse(String s) {
            if (s == null || !s.matches("[0-9]{1,18}\\.[0-9]{1,18}")) {
                return null;
            }
            int dot = s.indexOf('.');
            return new Position(Long.parseLong(s.substring(0, dot)), Long.parseLong(s.substring(dot + 1)));
        }
    }

    private final HistoryStore store;
    private final Set<String> environments;
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);
    private volatile boolean closed;

    EventRoutes(HistoryStore store, Set<String> environments) {
        this.store = store;
        this.environments = Set.copyOf(environments);
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/events", Access.VIEWER, this::stream);
    }

    private void stream(Context ctx) throws IOException {
        QueryParams q = QueryParams.of(ctx, Set.of("env", "service"));
        String env = q.get("env");
        if (env != null && !environments.contains(env)) {
            throw ProblemException.badParameter("env", "no environment '" + env + "' in zerofail.yaml; one of "
                    + String.join(", ", environments.stream().sorted().toList()));
        }
        String service = q.get("service");
        if (service != null && !service.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw ProblemException.badParameter("service", "expected a service name (letters, digits, '_', '.', '-')");
        }
        String last = ctx.header("Last-Event-ID");
        Position from = Position.parse(last == null ? null : last.strip());
        if (last != null && !last.isBlank() && from == null) {
            throw ProblemException.badParameter("Last-Event-ID", "expected the id of an event this stream sent (like 120.37)");
        }
        if (from == null) {
            long[] head = store.feedHead();
            from = new Position(head[0], head[1]);
        }
        if (!clients.tryAcquire()) {
            throw new ProblemException(Problem.of(503, "busy", "Service unavailable", MAX_CLIENTS
                    + " event streams are open on this server; try again shortly"), java.util.Map.of("Retry-After", "10"));
        }
        try {
            ctx.status(200).contentType(MEDIA_TYPE);
            ctx.header("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            // the first frame tells the client the stream is open and where it starts
            write(out, "retry: 2000\nid: " + from.wire() + "\nevent: open\ndata: {}\n\n");
            run(out, from, env, service);
        } finally {
            clients.release();
        }
    }

    private void run(OutputStream out, Position from, String env, String service) throws IOException {
        Position at = from;
        long quietSince = System.nanoTime();
        while (!closed && !Thread.currentThread().isInterrupted()) {
            List<FeedItem> items = store.feed(at.event(), at.gate(), env, service, BATCH);
            if (!items.isEmpty()) {
                StringBuilder frames = new StringBuilder();
                long event = at.event();
                long gate = at.gate();
                for (FeedItem i : merge(items)) {
                    if (i.isGate()) {
                        gate = i.id();
                    } else {
                        event = i.id();
                    }
                    frames.append(frame(new Position(event, gate), i));
                }
                at = new Position(event, gate);
                write(out, frames.toString());
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > KEEP_ALIVE.toNanos()) {
                // a comment: proxies keep the connection, and a client that left is noticed here
                write(out, ": keep-alive\n\n");
                quietSince = System.nanoTime();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Events and gate results in time order, each table still in id order: a frame's id then covers
     * exactly what was sent before it, so resuming from any frame loses nothing.
     */
    static List<FeedItem> merge(List<FeedItem> items) {
        List<FeedItem> events = items.stream().filter(i -> !i.isGate()).sorted(Comparator.comparingLong(FeedItem::id)).toList();
        List<FeedItem> gates = items.stream().filter(FeedItem::isGate).sorted(Comparator.comparingLong(FeedItem::id)).toList();
        List<FeedItem> out = new java.util.ArrayList<>(items.size());
        int e = 0;
        int g = 0;
        while (e < events.size() || g < gates.size()) {
            boolean takeEvent = g == gates.size() || (e < events.size() && !events.get(e).at().isAfter(gates.get(g).at()));
            out.add(takeEvent ? events.get(e++) : gates.get(g++));
        }
        return out;
    }

    static String frame(Position id, FeedItem i) {
        Data d = new Data(i.deploymentId(), i.environment(), i.service(), i.kind().name().toLowerCase(Locale.ROOT), i.at(),
                i.phase(), i.gate(), i.target(), i.passed(), i.message());
        String json;
        try {
            json = COMPACT.writeValueAsString(d);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String name = i.isGate() ? "gate" : i.phase().replaceAll("[^a-z0-9-]", "-");
        return "id: " + id.wire() + "\nevent: " + name + "\ndata: " + json + "\n\n";
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
    }
}
