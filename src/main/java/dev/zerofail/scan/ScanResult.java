package dev.zerofail.scan;

import dev.zerofail.core.Result;
import dev.zerofail.core.Severity;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The result of {@code zerofail scan} (docs/schemas/scan.schema.json).
 *
 * @param findings     findings reported (after the baseline)
 * @param placeholders of them, placeholder values
 * @param secrets      of them, real-looking secrets
 * @param bySeverity   findings per severity (only severities that occur)
 * @param baselined    findings hidden because the baseline lists them; null without a baseline
 * @param rules        rules in force
 * @param stats        what was read and skipped
 */
public record ScanResult(long findings, long placeholders, long secrets, Map<Severity, Long> bySeverity, Integer baselined,
        int rules, ScanStats stats) implements Result {
    public ScanResult {
        EnumMap<Severity, Long> copy = new EnumMap<>(Severity.class);
        copy.putAll(bySeverity);
        bySeverity = Collections.unmodifiableMap(copy);
    }
}
