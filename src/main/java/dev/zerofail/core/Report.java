package dev.zerofail.core;

import java.util.List;

/**
 * What a capability hands back to the CLI or server for rendering: its typed {@link Result},
 * the findings, and warnings about input it could not fully read. The JSON envelope of every
 * command is this record (docs/schemas/envelope.schema.json).
 */
public record Report(String command, String root, Result result, List<Finding> findings, List<String> warnings) {

    public Report {
        // a long scan's findings live in a temporary file: an immutable list already, not copied into memory
        findings = findings instanceof SpilledFindings ? findings : List.copyOf(findings);
        warnings = List.copyOf(warnings);
    }

    public long countAtLeast(Severity threshold) {
        return findings.stream().filter(f -> f.severity().atLeast(threshold)).count();
    }
}
