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
 */
public record AuditResult(Scorecard scorecard, ScanResult scan, WorkflowAnalysis workflows, SecretsCheckResult secrets,
        ComposeAnalysis compose, DeployAudit.DeployFigures deploys) implements Result {
}
