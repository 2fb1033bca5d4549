package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.core.SpilledFindings;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The scan capability's entry point: options in, a {@link Report} out. */
public final class SecretScan {
    private SecretScan() {
    }

    public static Report run(ScanConfig config, ScanOptions options, Baseline baseline, Scanner.Progress progress) {
        return run(config, options, baseline, progress, SpilledFindings.DEFAULT_MEMORY_LIMIT);
    }

    /**
     * {@code memoryLimit}: findings held in memory before the rest go to a temporary file. The report's
     * findings are then read back from it as they are written out, so a tree with a hundred thousand
     * findings costs disk, not heap.
     */
    public static Report run(ScanConfig config, ScanOptions options, Baseline baseline, Scanner.Progress progress,
            int memoryLimit) {
        Detector detector = new Detector(config.rules());
        Scanner.Result result = new Scanner(detector, memoryLimit, baseline == null ? f -> true : baseline::isNew)
                .scan(options, progress);
        List<Finding> findings = result.findings();
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        long placeholders = 0;
        long secrets = 0;
        for (Finding f : findings) { // one pass: the list may be read back from disk
            bySeverity.merge(f.severity(), 1L, Long::sum);
            placeholders += f.kind().equals(Rule.PLACEHOLDER) ? 1 : 0;
            secrets += f.kind().equals(Rule.SECRET) ? 1 : 0;
        }
        ScanResult scan = new ScanResult(findings.size(), placeholders, secrets, bySeverity,
                baseline == null ? null : (int) result.dropped(), config.rules().rules().size(), result.stats());
        List<String> warnings = new java.util.ArrayList<>(config.rules().warnings());
        warnings.addAll(result.warnings());
        return new Report("scan", options.root().toString(), scan, findings, warnings);
    }
}
