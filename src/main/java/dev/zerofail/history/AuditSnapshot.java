package dev.zerofail.history;

import java.time.Instant;
import java.util.List;

/**
 * What {@code zerofail audit --record} keeps of one audit (V6): its headline figures and each check's
 * verdict. Counts and ids only, so a snapshot can never carry a secret.
 *
 * @param id                 null before it is stored
 * @param environment        whose deploys the audit judged
 * @param toolVersion        the zerofail version that ran the audit
 * @param placeholderSecrets placeholders at or above scan.fail-on (the scorecard's figure)
 * @param manualSteps        SSH steps in the workflows (workflows.manual-ssh findings)
 */
public record AuditSnapshot(Long id, Instant recordedAt, String environment, String toolVersion, boolean passed,
        int placeholderSecrets, int hardcodedSecrets, int activeWorkflows, int composeFiles, int manualSteps,
        int findings, int unknownSecrets, List<CheckVerdict> checks) {
    public AuditSnapshot {
        checks = List.copyOf(checks);
    }

    /** @param measured false when the check had nothing to measure: then it neither passed nor failed */
    public record CheckVerdict(String id, boolean passed, boolean measured) {
    }
}
