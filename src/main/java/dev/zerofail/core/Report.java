package dev.zerofail.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a capability hands back to the CLI or server for rendering: findings, a summary of
 * counts and figures, warnings about input it could not fully read, and (for audit) a scorecard.
 */
public record Report(String command, String root, List<Finding> findings, Map<String, Object> summary,
        List<String> warnings, Scorecard scorecard) {

    public Report {
        findings = List.copyOf(findings);
        summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        warnings = List.copyOf(warnings);
    }

    public static Report of(String command, String root, List<Finding> findings, Map<String, Object> summary,
            List<String> warnings) {
        return new Report(command, root, findings, summary, warnings, null);
    }

    public long countAtLeast(Severity threshold) {
        return findings.stream().filter(f -> f.severity().atLeast(threshold)).count();
    }
}
