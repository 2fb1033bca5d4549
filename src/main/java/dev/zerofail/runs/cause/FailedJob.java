package dev.zerofail.runs.cause;

import java.util.List;

/**
 * What the classifier knows of a job: its workflow and name, the job's conclusion
 * ({@code failure}, {@code timed_out}, {@code cancelled}, {@code startup_failure}…), its steps and
 * the kept lines of its log (may be empty when logs were not imported).
 */
public record FailedJob(String workflow, String jobName, String conclusion, List<StepOutcome> steps,
        List<String> logLines) {
    public FailedJob {
        steps = steps == null ? List.of() : List.copyOf(steps);
        logLines = logLines == null ? List.of() : List.copyOf(logLines);
    }
}
