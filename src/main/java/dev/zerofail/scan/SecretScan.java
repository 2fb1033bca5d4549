package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The scan capability's entry point: options in, a {@link Report} out. */
public final class SecretScan {
    private SecretScan() {
    }

    public static Report run(ScanConfig config, ScanOptions options, Baseline baseline, Scanner.Progress progress) {
        Detector detector = new Detector(config.rules());
        Scanner.Result result = options.history()
                ? new HistoryScanner(detector).scan(options, progress)
                : new Scanner(detector).scan(options, progress);
        List<Finding> findings = result.findings();
        int baselined = 0;
        if (baseline != null) {
            List<Finding> fresh = baseline.onlyNew(findings);
            baselined = findings.size() - fresh.size();
            findings = fresh;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("findings", findings.size());
        summary.put("placeholders", findings.stream().filter(f -> f.kind().equals(Rule.PLACEHOLDER)).count());
        summary.put("secrets", findings.stream().filter(f -> f.kind().equals(Rule.SECRET)).count());
        Map<String, Long> bySeverity = new TreeMap<>();
        for (Severity s : Severity.values()) {
            long n = findings.stream().filter(f -> f.severity() == s).count();
            if (n > 0) {
                bySeverity.put(s.label(), n);
            }
        }
        summary.put("bySeverity", bySeverity);
        if (baseline != null) {
            summary.put("baselined", baselined);
        }
        summary.put("rules", config.rules().rules().size());
        summary.putAll(result.stats().asMap());
        List<String> warnings = new java.util.ArrayList<>(config.rules().warnings());
        warnings.addAll(result.warnings());
        return Report.of("scan", options.root().toString(), findings, summary, warnings);
    }
}
