package dev.zerofail.runs.cause;

/**
 * A job's cause, the rule that decided it, the evidence it saw (a log line, trimmed and cut to
 * {@link CauseClassifier#MAX_EVIDENCE} characters, or {@code step: NAME} / {@code conclusion: X}) and
 * what fixes it (null when zerofail has nothing for it). Unknown has rule id {@code unknown} and no evidence.
 */
public record Classification(Cause cause, String ruleId, String evidence, String fix) {
    public static final String UNKNOWN_RULE = "unknown";

    static Classification unknown() {
        return new Classification(Cause.UNKNOWN, UNKNOWN_RULE, null, null);
    }
}
