package dev.zerofail.runs;

/** GitHub's conclusions in the report's terms: failure is failure, timed_out and startup_failure. */
public final class Outcomes {
    private Outcomes() {
    }

    public static boolean isFailure(String conclusion) {
        return "failure".equals(conclusion) || "timed_out".equals(conclusion) || "startup_failure".equals(conclusion);
    }
}
