package dev.zerofail.history;

import java.time.Instant;

/**
 * The columns of a deployment that counters need, without its specs. {@code kind} and {@code state}
 * are the stored names (DEPLOY, SUCCEEDED…) as text, so a reader keeps working over rows of a kind
 * it does not know (a newer version's DRILL rows, say).
 */
public record DeploymentSummary(long id, String environment, String service, String kind, String state,
        Instant startedAt, Instant finishedAt) {
}
