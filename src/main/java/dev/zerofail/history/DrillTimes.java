package dev.zerofail.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A rollback drill's figures, read from its recorded events (no columns of their own): the first
 * failed check (event {@code check-failed}, stamped with the moment the check failed), the rollback's
 * start ({@code rollback-started}) and the old version healthy again ({@code rolled-back}). Detection
 * is first failed check → rollback start; restore is rollback start → old version healthy. A figure
 * whose events are missing is null (a drill that was not detected has no detection time).
 */
public record DrillTimes(Instant firstFailedCheck, Instant rollbackStarted, Instant restored) {
    public static final String CHECK_FAILED = "check-failed";

    public static DrillTimes of(List<DeployEvent> events) {
        return new DrillTimes(first(events, CHECK_FAILED), first(events, "rollback-started"), first(events, "rolled-back"));
    }

    public Long detectionMs() {
        return between(firstFailedCheck, rollbackStarted);
    }

    public Long restoreMs() {
        return between(rollbackStarted, restored);
    }

    private static Instant first(List<DeployEvent> events, String phase) {
        return events.stream().filter(e -> e.phase().equals(phase)).map(DeployEvent::at).findFirst().orElse(null);
    }

    /** Never negative: a check stamped by Docker's clock a moment after zerofail's own reading counts as zero. */
    private static Long between(Instant a, Instant b) {
        return a == null || b == null ? null : Math.max(0, Duration.between(a, b).toMillis());
    }
}
