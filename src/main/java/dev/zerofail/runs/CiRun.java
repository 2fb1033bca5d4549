package dev.zerofail.runs;

import java.time.Instant;

/**
 * One attempt of a GitHub Actions workflow run: a re-run is the same {@code runId} with the next
 * {@code attempt}. Status and conclusion are GitHub's words ({@code completed}, {@code failure}…).
 */
public record CiRun(String repo, long runId, int attempt, Long runNumber, Long workflowId, String workflow, String event,
        String branch, String headSha, String status, String conclusion, Instant createdAt, Instant startedAt,
        Instant updatedAt, String url) {

    public boolean completed() {
        return "completed".equals(status);
    }
}
