package dev.zerofail.server;

import dev.zerofail.deploy.StatusResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Executor;

/**
 * A status source that asks the live one at most once per {@code every} per environment, whatever the
 * request rate: callers get the last snapshot; one that has aged past {@code every} starts a refresh in
 * the background (never two at once) and is still answered at once. Only with no snapshot yet, or one
 * older than {@code maxAge} (nobody asked for a while), does a caller wait for the refresh. A failed
 * read is a snapshot too, so a Docker that is down is asked once per {@code every}, not per request.
 */
public final class StatusSnapshots implements StatusSource, AutoCloseable {
    private final StatusSource live;
    private final Clock clock;
    private final Duration every;
    private final Duration maxAge;
    private final Executor refresher;
    private final ExecutorService owned;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    /** The last read of one environment, and the refresh in flight (null when none). */
    private static final class Entry {
        Read last;
        CompletableFuture<Read> inFlight;
    }

    private record Read(StatusResult result, RuntimeException error, Instant at) {
        Snapshot snapshot() {
            if (error != null) {
                throw error;
            }
            return new Snapshot(result, at);
        }
    }

    /** Refreshes on its own daemon threads. */
    public StatusSnapshots(StatusSource live, Clock clock, Duration every, Duration maxAge) {
        this(live, clock, every, maxAge, null);
    }

    /** {@code refresher}: where refreshes run (tests pass one they control); null: own daemon threads. */
    StatusSnapshots(StatusSource live, Clock clock, Duration every, Duration maxAge, Executor refresher) {
        this.live = live;
        this.clock = clock;
        this.every = every;
        this.maxAge = maxAge;
        this.owned = refresher == null ? Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "zerofail-status-refresh");
            t.setDaemon(true);
            return t;
        }) : null;
        this.refresher = refresher == null ? owned : refresher;
    }

    @Override
    public StatusResult status(String environment) {
        return snapshot(environment).result();
    }

    @Override
    public Snapshot snapshot(String environment, Clock ignored) {
        return snapshot(environment);
    }

    public Snapshot snapshot(String environment) {
        Entry e = entries.computeIfAbsent(environment, k -> new Entry());
        CompletableFuture<Read> wait;
        synchronized (e) {
            Instant now = clock.instant();
            Read last = e.last;
            if (last != null && age(last, now).compareTo(every) < 0) {
                return last.snapshot();
            }
            // a refresh may complete before it returns (a refresher that runs it at once), so keep its future
            CompletableFuture<Read> pending = e.inFlight != null ? e.inFlight : refresh(environment, e, now);
            if (last != null && age(last, now).compareTo(maxAge) <= 0) {
                return last.snapshot();
            }
            wait = pending;
        }
        try {
            return wait.join().snapshot();
        } catch (CompletionException ex) {
            throw ex.getCause() instanceof RuntimeException r ? r : ex;
        }
    }

    /** Called holding the entry's lock; the read itself runs on the refresher, outside it. */
    private CompletableFuture<Read> refresh(String environment, Entry e, Instant startedAt) {
        CompletableFuture<Read> f = new CompletableFuture<>();
        e.inFlight = f;
        try {
            refresher.execute(() -> {
            Read r;
            try {
                r = new Read(live.status(environment), null, startedAt);
            } catch (RuntimeException ex) {
                r = new Read(null, ex, startedAt);
            } catch (Error ex) {
                // the waiting callers get it as a failure rather than a refresh that never ends
                r = new Read(null, new IllegalStateException("reading the status failed", ex), startedAt);
            }
            synchronized (e) {
                e.last = r;
                e.inFlight = null;
            }
            f.complete(r);
            });
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            // closed: serve is stopping
            e.inFlight = null;
            throw new IllegalStateException("the status is no longer read: the server is stopping", ex);
        }
        return f;
    }

    private static Duration age(Read r, Instant now) {
        return Duration.between(r.at(), now);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdownNow();
        }
    }
}
