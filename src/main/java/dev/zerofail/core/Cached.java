package dev.zerofail.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** A value computed at most once per {@code ttl}: for work such as an audit that several readers share. */
public final class Cached<T> implements Supplier<T> {
    private final Supplier<T> compute;
    private final Clock clock;
    private final Duration ttl;
    private T last;
    private Instant at;

    public Cached(Supplier<T> compute, Clock clock, Duration ttl) {
        this.compute = compute;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public synchronized T get() {
        Instant now = clock.instant();
        if (last == null || now.isAfter(at.plus(ttl))) {
            last = compute.get();
            at = now;
        }
        return last;
    }
}
