package dev.zerofail.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed authentications per client address in fixed one-minute windows: after {@code max} failures
 * the address is refused (429 with Retry-After) until its window ends, whatever token it sends, so a
 * token cannot be guessed faster than {@code max} a minute per address.
 */
final class FailureLimiter {
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Beyond this many tracked addresses, expired windows are dropped (a flood of addresses cannot grow memory forever). */
    private static final int PRUNE_AT = 10_000;
    private final int max;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(Instant start, int failures) {
    }

    FailureLimiter(int max, Clock clock) {
        this.max = max;
        this.clock = clock;
    }

    /** Seconds until the address may try again, or 0 when it may now. */
    long retryAfterSeconds(String address) {
        Instant now = clock.instant();
        Window w = windows.get(address);
        if (w == null || w.failures() < max) {
            return 0;
        }
        Instant end = w.start().plus(WINDOW);
        if (!now.isBefore(end)) {
            windows.remove(address, w);
            return 0;
        }
        return Math.max(1, (Duration.between(now, end).toMillis() + 999) / 1000);
    }

    void failed(String address) {
        Instant now = clock.instant();
        if (windows.size() > PRUNE_AT) {
            windows.values().removeIf(w -> !now.isBefore(w.start().plus(WINDOW)));
        }
        windows.compute(address, (a, w) -> w == null || !now.isBefore(w.start().plus(WINDOW))
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
    }
}
