package dev.zerofail.deploy;

import dev.zerofail.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Simulated time for the deploy engine: a {@link Clock} that only moves when the engine sleeps.
 * Each sleep moves it forward and lets whatever listens (the {@link FakeSwarm}) catch up, so a
 * rollout of minutes runs in milliseconds and always the same way.
 */
final class FakeTime extends Clock implements Sleeper {
    private Instant now;
    private final List<Consumer<Instant>> listeners = new ArrayList<>();
    private long slept;

    FakeTime(Instant start) {
        this.now = start;
    }

    void onTick(Consumer<Instant> listener) {
        listeners.add(listener);
    }

    /** Moves time forward as the engine's sleep would, without the engine. */
    void advance(Duration d) {
        now = now.plus(d);
        listeners.forEach(l -> l.accept(now));
    }

    @Override
    public void sleep(Duration d) {
        slept += d.toMillis();
        advance(d);
    }

    /** Simulated milliseconds the engine spent sleeping. */
    long sleptMs() {
        return slept;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
