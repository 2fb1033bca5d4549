package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The scan capability's entry point: options in, a {@link Report} out. */
public final class SecretScan {
    private SecretScan() {
    }

    public static Report run(ScanConfig config, ScanOptions options, Baseline baseline, Scanner.Progress progress) {
        Detector detector = new Detector(config.rules());
        Scanner.Result result = new Scanner(detector).scan(options, progress);
        List<Finding> findings = result.findings();
        int baselined = 0;
        if (baseline != null) {
            List<Finding> fresh = baseline.onlyNew(findings);
            baselined = findings.size() - fresh.size();
            findings = fresh;
        }
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        for (Finding f : findings) {
            bySeverity.merge(f.severity(), 1L, Long::sum);
        }
        ScanResult scan = new ScanResult(findings.size(), findings.stream().filter(f -> f.kind().equals(Rule.PLACEHOLDER)).count(),
                findings.stream().filter(f -> f.kind().equals(Rule.SECRET)).count(), bySeverity,
                baseline == null ? null : baselined, config.rules().rules().size(), result.stats());
        List<String> warnings = new java.util.ArrayList<>(config.rules().warnings());
        warnings.addAll(result.warnings());
        return new Report("scan", options.root().toString(), scan, findings, warnings);
    }
}
