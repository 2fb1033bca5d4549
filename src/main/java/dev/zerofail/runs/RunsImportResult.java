package dev.zerofail.runs;

import dev.zerofail.core.Result;
import java.time.Instant;
import java.util.List;

/**
 * What {@code zerofail runs import} did. From the API: the {@code created} slices asked for (one per
 * week, halved while a slice holds more than the API's 1,000 results), requests made and answered
 * 304, retries, and rate-limit waits. From files: files read and skipped (each a warning).
 */
public record RunsImportResult(String repo, String source, String database, Instant since, String workflow,
        int slices, int narrowedSlices, List<String> truncatedSlices, int runsListed, int runsUnchanged,
        int attemptsSaved, int jobsSaved, int logsSaved, Integer filesRead, Integer filesSkipped, Integer requests,
        Integer notModified, Integer retries, Integer rateLimitWaits, Long rateLimitWaitedMs) implements Result {

    public RunsImportResult {
        truncatedSlices = List.copyOf(truncatedSlices);
    }
}
