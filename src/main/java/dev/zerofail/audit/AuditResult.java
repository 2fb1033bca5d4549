package dev.zerofail.audit;

import dev.zerofail.compose.ComposeAnalysis;
import dev.zerofail.core.Result;
import dev.zerofail.core.Scorecard;
import dev.zerofail.scan.ScanResult;
import dev.zerofail.secrets.SecretsCheckResult;
import dev.zerofail.workflow.WorkflowAnalysis;

/**
 * The result of {@code zerofail audit} (docs/schemas/audit.schema.json): the scorecard, and the
 * figures of each section as the section's own command reports them.
 *
 * @param scorecard the verdict: sections of checks, each passed or not with its detail and fix
 * @param scan      the repository scan
 * @param workflows the workflow analysis; null when the repository has no .github/workflows
 * @param secrets   the secrets manifest check
 * @param compose   the compose analysis; null when the repository has no compose file
 * @param deploys   the deploys section's figures from the history store
 * @param runs      the CI runs section's figures (runs report over the audit window)
 * @param monitoring the monitoring section's figures: dashboards and alert rules found, the endpoint probed
 * @param docs      the docs section's figures: the README and runbook found
 */
public record AuditResult(Scorecard scorecard, ScanResult scan, WorkflowAnalysis workflows, SecretsCheckResult secrets,
        ComposeAnalysis compose, DeployAudit.DeployFigures deploys, RunsAudit.RunsFigures runs,
        MonitoringAudit.MonitoringFigures monitoring, DocsAudit.DocsFigures docs) implements Result {
    /** Before the runs, monitoring and docs sections (tests and callers that build a result by hand). */
    public AuditResult(Scorecard scorecard, ScanResult scan, WorkflowAnalysis workflows, SecretsCheckResult secrets,
            ComposeAnalysis compose, DeployAudit.DeployFigures deploys) {
        this(scorecard, scan, workflows, secrets, compose, deploys, null, null, null);
    }
}
