package dev.zerofail.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a capability hands back to the CLI or server for rendering: its typed {@link Result},
 * the findings, and warnings about input it could not fully read. The JSON envelope of every
 * command is this record (docs/schemas/envelope.schema.json).
 */
public record Report(String command, String root, Result result, List<Finding> findings, List<String> warnings) {

    public Report {
        findings = List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    public long countAtLeast(Severity threshold) {
        return findings.stream().filter(f -> f.severity().atLeast(threshold)).count();
    }

    // ---- transitional: commands not yet moved to a typed result pass a map ---------------------

    /** @deprecated pass a typed {@link Result}; removed when every command has one. */
    @Deprecated
    public Report(String command, String root, List<Finding> findings, Map<String, Object> summary,
            List<String> warnings, Scorecard scorecard) {
        this(command, root, new LegacySummary(summary, scorecard), findings, warnings);
    }

    /** @deprecated pass a typed {@link Result}; removed when every command has one. */
    @Deprecated
    public static Report of(String command, String root, List<Finding> findings, Map<String, Object> summary,
            List<String> warnings) {
        return new Report(command, root, findings, summary, warnings, null);
    }

    /** @deprecated read the typed result. */
    @Deprecated
    public Map<String, Object> summary() {
        return result instanceof LegacySummary l ? l.summary() : Map.of();
    }

    /** @deprecated read the typed result. */
    @Deprecated
    public Scorecard scorecard() {
        return result instanceof LegacySummary l ? l.scorecard() : null;
    }

    /** @deprecated a map standing in for a typed result until its command is converted. */
    @Deprecated
    public record LegacySummary(Map<String, Object> summary, Scorecard scorecard) implements Result {
        public LegacySummary {
            summary = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(summary));
        }
    }
}
