package dev.zerofail.audit;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.scan.Rule;
import dev.zerofail.scan.ScanConfig;
import dev.zerofail.scan.ScanOptions;
import dev.zerofail.scan.Scanner;
import dev.zerofail.scan.SecretScan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The definition of done, checked in one pass: each capability contributes a scorecard section.
 * Findings of every section are returned too, so the report shows what to fix.
 */
public final class Audit {
    private Audit() {
    }

    public static Report run(Path dir, ZerofailConfig config, Scanner.Progress progress) {
        List<Scorecard.Section> sections = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();

        ScanConfig scanConfig = ScanConfig.from(config.section("scan"));
        ScanOptions options = new ScanOptions(dir, scanConfig.excludes(), scanConfig.maxFileSize(),
                Runtime.getRuntime().availableProcessors(), false, null);
        Report scan = SecretScan.run(scanConfig, options, null, progress);
        sections.add(scanSection(scan, scanConfig));
        findings.addAll(scan.findings());
        summary.put("scan", scan.summary());
        warnings.addAll(scan.warnings());

        Scorecard card = new Scorecard(sections);
        summary.put("checksPassed", card.checksPassed());
        summary.put("checksTotal", card.checksTotal());
        return new Report("audit", dir.toString(), findings, summary, warnings, card);
    }

    static Scorecard.Section scanSection(Report scan, ScanConfig config) {
        List<Finding> f = scan.findings();
        long secrets = f.stream().filter(x -> x.kind().equals(Rule.SECRET)).count();
        long placeholders = f.stream()
                .filter(x -> x.kind().equals(Rule.PLACEHOLDER) && x.severity().atLeast(config.failOn())).count();
        long lowPlaceholders = f.stream()
                .filter(x -> x.kind().equals(Rule.PLACEHOLDER) && !x.severity().atLeast(config.failOn())).count();
        List<Scorecard.Check> checks = List.of(
                new Scorecard.Check("scan.no-hardcoded-secrets", "No hard-coded credentials in the repository",
                        secrets == 0, secrets + " hard-coded secret(s)" + where(f, Rule.SECRET),
                        "rotate each credential, move it to the secret store, then remove it from the file"
                                + " (run: zerofail scan)"),
                new Scorecard.Check("scan.no-placeholders", "No placeholder secrets in files that are deployed",
                        placeholders == 0, placeholders + " placeholder(s) at or above " + config.failOn().label()
                                + " (" + lowPlaceholders + " more in templates, docs and tests)",
                        "replace each stand-in with a reference to the secret store (run: zerofail scan)"));
        return new Scorecard.Section("Secrets in the repository (scan)", checks);
    }

    private static String where(List<Finding> f, String kind) {
        List<String> files = f.stream().filter(x -> x.kind().equals(kind)).map(x -> x.location().path()).distinct()
                .limit(3).toList();
        return files.isEmpty() ? "" : " in " + String.join(", ", files) + (files.size() == 3 ? ", …" : "");
    }
}
