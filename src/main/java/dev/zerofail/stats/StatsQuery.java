package dev.zerofail.stats;

import java.time.Instant;
import java.util.Objects;

/**
 * What to compute: one environment, one service or (null) all of them together and each on its own,
 * as of {@code at} (windows end there), with the configuration's zone, windows and thresholds.
 */
public record StatsQuery(String environment, String service, Instant at, StatsConfig config) {
    public StatsQuery {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(config, "config");
    }
}
