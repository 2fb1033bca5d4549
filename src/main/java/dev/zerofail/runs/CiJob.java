package dev.zerofail.runs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A job of one run attempt, with its runner labels (they decide OS, size and price) and its steps. */
public record CiJob(String repo, long jobId, long runId, int attempt, String name, String status, String conclusion,
        Instant startedAt, Instant completedAt, List<String> labels, String runnerName, List<CiStep> steps, String url) {

    public CiJob {
        labels = labels == null ? List.of() : List.copyOf(labels);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** Wall time on the runner; zero for a job that never started (skipped, queued) or has odd times. */
    public Duration duration() {
        if (startedAt == null || completedAt == null || completedAt.isBefore(startedAt)) {
            return Duration.ZERO;
        }
        return Duration.between(startedAt, completedAt);
    }
}
