package dev.zerofail.core;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * UTC wall time at creation, then advanced by {@link System#nanoTime}: deadlines and durations
 * measured with it survive the system clock being stepped (NTP) during a rollout, which is why the
 * deploy engine measured with nanoTime before it took a {@link Clock}. Millisecond resolution.
 */
public final class MonotonicClock extends Clock {
    private final long baseMillis = System.currentTimeMillis();
    private final long baseNanos = System.nanoTime();

    @Override
    public long millis() {
        return baseMillis + (System.nanoTime() - baseNanos) / 1_000_000;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the engine's clock is UTC");
    }
}
