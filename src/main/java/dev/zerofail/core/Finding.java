package dev.zerofail.core;

/**
 * One problem found by any capability. {@code masked} is the only form of a matched value that
 * may leave the process; {@code fingerprint} identifies the finding across edits (it does not
 * depend on the line number).
 *
 * @param rule        rule id, e.g. {@code placeholder-your-value}
 * @param kind        family, e.g. {@code placeholder} or {@code secret}
 * @param severity    how bad it is
 * @param location    where it is
 * @param key         the key or variable the value is assigned to, or null
 * @param message     one sentence for a person
 * @param masked      masked value ({@code sk-a…(51 chars)}), or null
 * @param fingerprint stable id for baselines and ignore files
 * @param commit      commit that introduced it (history scans), or null
 * @param fix         the concrete next step, or null
 */
public record Finding(String rule, String kind, Severity severity, Location location, String key,
        String message, String masked, String fingerprint, String commit, String fix) {

    public Finding withCommit(String commitId) {
        return new Finding(rule, kind, severity, location, key, message, masked, fingerprint, commitId, fix);
    }
}
