package dev.zerofail.server;

import dev.zerofail.core.Scorecard;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The audit scorecard the dashboard shows: {@code zerofail serve} runs the audit over its directory,
 * tests give a fixed one. Null when there is none to show.
 */
public interface ScorecardSource {
    Scorecard scorecard();

    ScorecardSource NONE = () -> null;

    /** Runs {@code audit} at most once per {@code ttl} (an audit reads the whole repository). */
    static ScorecardSource cached(Supplier<Scorecard> audit, Clock clock, Duration ttl) {
        return new ScorecardSource() {
            private Scorecard last;
            private Instant at;

            @Override
            public synchronized Scorecard scorecard() {
                Instant now = clock.instant();
                if (last == null || now.isAfter(at.plus(ttl))) {
                    last = audit.get();
                    at = now;
                }
                return last;
            }
        };
    }
}
