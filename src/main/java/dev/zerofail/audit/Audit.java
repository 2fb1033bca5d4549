package dev.zerofail.audit;

import dev.zerofail.compose.ComposeAnalysis;
import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.Severity;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.Prices;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.scan.Rule;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.scan.ScanConfig;
import dev.zerofail.scan.ScanOptions;
import dev.zerofail.scan.ScanResult;
import dev.zerofail.scan.Scanner;
import dev.zerofail.scan.SecretScan;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.SecretsCheck;
import dev.zerofail.secrets.SecretsCheckResult;
import dev.zerofail.workflow.WorkflowAnalysis;
import dev.zerofail.workflow.WorkflowAnalyzer;
import dev.zerofail.workflow.WorkflowRule;
import dev.zerofail.workflow.WorkflowSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The definition of done, checked in one pass: each capability contributes a scorecard section.
 * Findings of every section are returned too, so the report shows what to fix.
 */
public final class Audit {
    private Audit() {
    }

    public static Report run(Path dir, ZerofailConfig config, Scanner.Progress progress) {
        return run(dir, config, progress, null, java.time.Instant.now(), System.getenv());
    }

    /**
     * {@code environment} (null: audit.environment, then stats.production) is whose deploys are judged;
     * {@code at} ends the deploy windows; {@code env} supplies the history database's credentials.
     */
    public static Report run(Path dir, ZerofailConfig config, Scanner.Progress progress, String environment,
            java.time.Instant at, java.util.Map<String, String> env) {
        return run(dir, config, progress, environment, at, env, MetricsProbe.http());
    }

    /** {@code probe} requests the metrics endpoint, when one is configured. */
    public static Report run(Path dir, ZerofailConfig config, Scanner.Progress progress, String environment,
            java.time.Instant at, java.util.Map<String, String> env, MetricsProbe probe) {
        AuditConfig read = AuditConfig.from(config.section("audit"));
        AuditConfig auditConfig = environment == null ? read : read.withEnvironment(environment);
        List<Scorecard.Section> sections = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();

        ScanConfig scanConfig = ScanConfig.from(config.section("scan"));
        ScanOptions options = new ScanOptions(dir, scanConfig.excludes(), scanConfig.maxFileSize(),
                Runtime.getRuntime().availableProcessors(), false, null);
        Report scan = SecretScan.run(scanConfig, options, null, progress);
        sections.add(scanSection(scan, scanConfig));
        findings.addAll(scan.findings());
        warnings.addAll(scan.warnings());

        WorkflowAnalysis workflows = null;
        java.nio.file.Path workflowsDir = dir.resolve(".github/workflows");
        if (java.nio.file.Files.isDirectory(workflowsDir)) {
            WorkflowAnalyzer.Analysis wf = WorkflowAnalyzer.run(WorkflowSet.load(dir));
            sections.add(workflowSection(wf, AuditConfig.workflowLimit(config)));
            findings.addAll(wf.findings());
            workflows = wf.result();
        }

        Manifest manifest = Manifest.load(config, dir);
        Report secrets = SecretsCheck.run(dir, manifest, RuleSet.load(config.section("scan")).secretKeys());
        sections.add(secretsSection(secrets, manifest));
        findings.addAll(secrets.findings());
        SecretsCheckResult secretsResult = (SecretsCheckResult) secrets.result();
        warnings.addAll(secrets.warnings().stream().filter(w -> !warnings.contains(w)).toList());

        ComposeAnalysis composeResult = null;
        List<java.nio.file.Path> composeFiles = dev.zerofail.compose.ComposeAnalyzer.discover(dir);
        if (!composeFiles.isEmpty()) {
            Report compose = dev.zerofail.compose.ComposeAnalyzer.analyze(dir, composeFiles);
            // hard-coded credentials in compose files are already in the scan section's findings
            List<Finding> own = compose.findings().stream().filter(x -> !x.rule().equals("compose.credential")).toList();
            sections.add(composeSection(own, composeFiles.size()));
            findings.addAll(own);
            composeResult = (ComposeAnalysis) compose.result();
        }

        History history = history(dir, config, auditConfig, at, env);
        sections.add(DeployAudit.section(history.deploys(), auditConfig));
        Scorecard.Section runs = RunsAudit.section(history.runs(), auditConfig);
        sections.add(runs);
        findings.addAll(failed(runs, c -> dev.zerofail.core.ZerofailConfig.FILE_NAME));

        MonitoringAudit.MonitoringFigures monitoring = MonitoringAudit.measure(dir, auditConfig, config.section("serve"), probe);
        Scorecard.Section monitoringSection = MonitoringAudit.section(monitoring);
        sections.add(monitoringSection);
        findings.addAll(failed(monitoringSection, c -> "monitoring/grafana/dashboards/zerofail.json"));

        DocsAudit.DocsFigures docs = DocsAudit.measure(dir, auditConfig);
        Scorecard.Section docsSection = DocsAudit.section(docs);
        sections.add(docsSection);
        findings.addAll(failed(docsSection, c -> c.id().equals("docs.readme") ? "README.md"
                : auditConfig.runbook() != null ? auditConfig.runbook() : "docs/runbook.md"));

        AuditResult result = new AuditResult(new Scorecard(sections), (ScanResult) scan.result(), workflows, secretsResult,
                composeResult, history.deploys(), history.runs(), monitoring, docs);
        return new Report("audit", dir.toString(), result, findings, warnings);
    }

    private record History(DeployAudit.DeployFigures deploys, RunsAudit.RunsFigures runs) {
    }

    /** Deploys and CI runs share the history database: opened once, when it exists. */
    private static History history(Path dir, ZerofailConfig config, AuditConfig cfg, java.time.Instant at,
            java.util.Map<String, String> env) {
        StatsConfig stats = StatsConfig.from(config.section("stats"));
        HistoryConfig history = HistoryConfig.from(config.section("history"));
        Prices prices = Prices.from(config.section("runs"));
        String environment = cfg.environment() != null ? cfg.environment() : stats.production();
        String where = history.describe(dir);
        if (!history.exists(dir)) {
            return new History(DeployAudit.none(where, environment, cfg), RunsAudit.none(where, cfg));
        }
        try (HistoryStore store = history.open(dir, env)) {
            return new History(DeployAudit.measure(store, where, environment, stats, cfg, at),
                    RunsAudit.measure(store, where, prices, cfg, at));
        }
    }

    /**
     * A measured check that failed, as a finding, so the sections without findings of their own reach
     * SARIF (code scanning) and the findings list too. {@code where}: the file it points at (the one to
     * add or change).
     */
    static List<Finding> failed(Scorecard.Section section, java.util.function.Function<Scorecard.Check, String> where) {
        List<Finding> out = new ArrayList<>();
        for (Scorecard.Check c : section.checks()) {
            if (c.passed() || !c.wasMeasured()) {
                continue;
            }
            out.add(new Finding("audit." + c.id(), "audit", Severity.LOW,
                    new dev.zerofail.core.Location(where.apply(c), 0, 0), null,
                    c.description() + ": " + c.detail(), null, dev.zerofail.core.Fingerprints.of("audit", c.id()), null,
                    c.fix()));
        }
        return out;
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

    /** Definition of done for secrets: one manifest, and it matches what the repository uses. */
    static Scorecard.Section secretsSection(Report check, Manifest manifest) {
        List<Finding> f = check.findings();
        long unknown = count(f, SecretsCheck.CheckRule.UNKNOWN::id);
        long unreferenced = count(f, SecretsCheck.CheckRule.UNREFERENCED::id);
        long failing = f.stream().filter(x -> x.severity().atLeast(Severity.MEDIUM)).count();
        String fix = "run: zerofail secrets check";
        return new Scorecard.Section("Secrets manifest (secrets)", List.of(
                new Scorecard.Check("secrets.manifest", "A secrets manifest lists every secret (name, store path, variable, format)",
                        manifest.present(), manifest.present() ? manifest.secrets().size() + " secret(s) in the manifest"
                                : "no secrets.manifest in zerofail.yaml",
                        "start one with: zerofail secrets import --from-dotenv .env.example --from-workflows ."),
                new Scorecard.Check("secrets.referenced-known", "Every secret the workflows, compose files, templates and code use is in the manifest",
                        manifest.present() && unknown == 0, manifest.present() ? unknown + " secret(s) used but not in the manifest"
                                : "no manifest to check against", fix),
                new Scorecard.Check("secrets.no-unreferenced", "Every manifest entry is used somewhere",
                        unreferenced == 0, unreferenced + " manifest entr" + (unreferenced == 1 ? "y" : "ies") + " nothing uses", fix),
                new Scorecard.Check("secrets.check-passes", "zerofail secrets check passes (nothing at or above medium)",
                        failing == 0, failing + " finding(s) at or above medium", fix)));
    }

    /** Definition of done for CI: few workflows, no races, nothing hidden, nothing by hand. */
    static Scorecard.Section workflowSection(WorkflowAnalyzer.Analysis wf, int target) {
        long active = wf.result().workflows();
        List<Finding> f = wf.findings();
        long competing = count(f, WorkflowRule.COMPETING_DEPLOYS::id);
        long masked = f.stream().filter(x -> WorkflowRule.byId(x.rule()).map(WorkflowRule::masksFailure).orElse(false)).count();
        long manual = f.stream().filter(x -> WorkflowRule.byId(x.rule()).map(WorkflowRule::manualOperation).orElse(false)).count();
        long exposed = count(f, WorkflowRule.SECRET_EXPOSED::id) + count(f, WorkflowRule.PARSE_ERROR::id);
        long hygiene = count(f, WorkflowRule.UNPINNED_ACTION::id) + count(f, WorkflowRule.NO_CONCURRENCY::id)
                + count(f, WorkflowRule.PERMISSIONS_WRITE_ALL::id) + count(f, WorkflowRule.NO_TIMEOUT::id);
        String fix = "run: zerofail workflows analyze";
        return new Scorecard.Section("CI workflows (workflows)", List.of(
                new Scorecard.Check("workflows.count", "At most " + target + " active workflows (the core set)",
                        active <= target,
                        active + " active workflow(s)", "consolidate them (zerofail workflows plan)"),
                new Scorecard.Check("workflows.no-competing-deploys", "One deploy workflow per environment and trigger",
                        competing == 0, competing + " workflow(s) deploy the same target on the same push", fix),
                new Scorecard.Check("workflows.no-masked-failures", "No failure is hidden (|| true, set +e, continue-on-error)",
                        masked == 0, masked + " masked failure(s)", fix),
                new Scorecard.Check("workflows.no-manual-ops", "No deploy by hand (ssh, scp, kubectl exec, hard-coded hosts)",
                        manual == 0, manual + " manual operation(s)", fix),
                new Scorecard.Check("workflows.secrets-and-syntax", "Every workflow parses and no secret is echoed or written",
                        exposed == 0, exposed + " problem(s)", fix),
                new Scorecard.Check("workflows.hygiene", "Actions pinned, deploys serialised, jobs bounded, least privilege",
                        hygiene == 0, hygiene + " finding(s)", fix)));
    }

    /** Definition of done for compose: one trusted definition per service that Swarm can roll out and judge. */
    static Scorecard.Section composeSection(List<Finding> f, int files) {
        long conflicts = countRule(f, "compose.conflict");
        long noHealth = countRule(f, "compose.no-healthcheck");
        long floating = countRule(f, "compose.floating-tag");
        long undeployable = countRule(f, "compose.build-without-image") + countRule(f, "compose.invalid");
        return new Scorecard.Section("Compose files (compose)", List.of(
                new Scorecard.Check("compose.one-definition", "Each service is defined once, the same everywhere",
                        conflicts == 0, conflicts + " conflicting setting(s) across " + files + " compose file(s)",
                        "merge them: zerofail compose unify FILES… -o docker-compose.unified.yml"),
                new Scorecard.Check("compose.healthchecks", "Every service has a healthcheck", noHealth == 0,
                        noHealth + " service(s) without one", "add a healthcheck to each (run: zerofail compose analyze)"),
                new Scorecard.Check("compose.pinned-images", "Every image is pinned (no latest, no missing tag)",
                        floating == 0, floating + " floating image reference(s)", "pin a version tag or a digest"),
                new Scorecard.Check("compose.swarm-deployable", "Every file parses and every service names an image",
                        undeployable == 0, undeployable + " problem(s)", "run: zerofail compose analyze")));
    }

    private static long countRule(List<Finding> f, String rule) {
        return f.stream().filter(x -> x.rule().equals(rule)).count();
    }

    private static long count(List<Finding> f, java.util.function.Supplier<String> rule) {
        return f.stream().filter(x -> x.rule().equals(rule.get())).count();
    }

    private static String where(List<Finding> f, String kind) {
        List<String> files = f.stream().filter(x -> x.kind().equals(kind)).map(x -> x.location().path()).distinct()
                .limit(3).toList();
        return files.isEmpty() ? "" : " in " + String.join(", ", files) + (files.size() == 3 ? ", …" : "");
    }
}
