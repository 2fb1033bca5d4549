package dev.zerofail.audit;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.history.AuditSnapshot;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcSnapshotStore;
import dev.zerofail.scan.Rule;
import dev.zerofail.scan.ScanConfig;
import dev.zerofail.secrets.SecretsCheck;
import dev.zerofail.workflow.WorkflowRule;
import java.time.Instant;
import java.util.List;

/**
 * {@code zerofail audit --record}: the audit's headline figures and check verdicts, kept in the history
 * store for the week-by-week timeline. Figures are counted the way the scorecard counts them, so a
 * snapshot and the scorecard it came from agree.
 */
public final class AuditSnapshots {
    private AuditSnapshots() {
    }

    public static AuditSnapshot of(Report audit, ZerofailConfig config, Instant at, String toolVersion) {
        AuditResult r = (AuditResult) audit.result();
        List<Finding> f = audit.findings();
        var failOn = ScanConfig.from(config.section("scan")).failOn();
        int placeholders = (int) f.stream()
                .filter(x -> x.kind().equals(Rule.PLACEHOLDER) && x.severity().atLeast(failOn)).count();
        int secrets = (int) f.stream().filter(x -> x.kind().equals(Rule.SECRET)).count();
        int ssh = (int) f.stream().filter(x -> x.rule().equals(WorkflowRule.MANUAL_SSH.id())).count();
        int unknown = (int) f.stream().filter(x -> x.rule().equals(SecretsCheck.CheckRule.UNKNOWN.id())).count();
        int workflows = r.workflows() == null ? 0 : r.workflows().workflows();
        int compose = r.compose() == null ? 0 : r.compose().files();
        List<AuditSnapshot.CheckVerdict> checks = r.scorecard().sections().stream()
                .flatMap(s -> s.checks().stream())
                .map(c -> new AuditSnapshot.CheckVerdict(c.id(), c.passed(), c.wasMeasured()))
                .toList();
        Scorecard card = r.scorecard();
        return new AuditSnapshot(null, at, r.deploys().environment(), toolVersion, card.passed(), placeholders, secrets,
                workflows, compose, ssh, f.size(), unknown, checks);
    }

    /** Stores the snapshot; returns its id. */
    public static long record(HistoryStore store, AuditSnapshot snapshot) {
        return new JdbcSnapshotStore(store.dataSource()).save(snapshot);
    }
}
