package dev.zerofail.runs;

import dev.zerofail.core.Result;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * {@code zerofail runs report}: figures over imported run attempts (a re-run counts as one more run).
 * Rates are over completed runs: failure = failure + timed_out + startup_failure; cancelled and
 * skipped are apart. Minutes are job wall time; billable minutes round each job up to the minute,
 * by runner SKU; money is in US dollars at {@link Prices}. Causes are classified when the report
 * runs (from steps and stored log excerpts), so improved rules apply to old runs too.
 */
public record RunsReportResult(String database, String repo, Instant since, Instant firstRun, Instant lastRun, String by,
        String currency, Figures totals, List<Group> groups, List<Billing> billing, List<JobTime> jobs, List<Flaky> flaky,
        List<CauseCount> causes, List<Waste> wasteful, PushToDeploy pushToDeploy, int unpricedJobs) implements Result {

    public RunsReportResult {
        groups = List.copyOf(groups);
        billing = List.copyOf(billing);
        jobs = List.copyOf(jobs);
        flaky = List.copyOf(flaky);
        causes = List.copyOf(causes);
        wasteful = List.copyOf(wasteful);
    }

    /** Rates are null when no run completed. */
    public record Figures(int runs, int completed, int succeeded, int failed, int cancelled, int skipped, int reRuns,
            Double successRate, Double failureRate, Double cancelledRate, Double skippedRate, int jobs, long jobMs,
            long billableMinutes, BigDecimal cost, long failedBillableMinutes, BigDecimal failedCost) {
    }

    public record Group(String key, Figures figures) {
    }

    public record Billing(String runner, long jobs, long billableMinutes, BigDecimal pricePerMinute, BigDecimal cost) {
    }

    /** Time per job (workflow and job name), the most billable first. */
    public record JobTime(String workflow, String job, int runs, long totalMs, long meanMs, long billableMinutes,
            BigDecimal cost) {
    }

    /** A workflow whose commit failed and then passed on a re-run (another attempt or another run of the same commit). */
    public record Flaky(String workflow, int commits, int reRuns, String exampleUrl) {
    }

    public record CauseCount(String cause, int jobs, Double share, String fix, List<Example> examples) {
        public CauseCount {
            examples = List.copyOf(examples);
        }
    }

    public record Example(String url, String workflow, String job, String rule, String evidence) {
    }

    public record Waste(String workflow, int runs, int failed, Double failureRate, long failedBillableMinutes,
            BigDecimal failedCost, BigDecimal cost) {
    }

    /**
     * From the push (the first run of the deployed commit) to the successful deploy that finished it.
     * {@code skippedReason} says why there is no figure.
     */
    public record PushToDeploy(int deploys, int matched, Long medianMs, Long meanMs, String skippedReason) {
    }
}
