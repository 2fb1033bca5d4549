package dev.zerofail.metrics;

import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeploymentSummary;
import dev.zerofail.history.GateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one finished deployment adds to the metrics, read from its row, events and gate results.
 *
 * @param kind           deploy, rollback, emergency (drill for rollback drills, which no deployment metric counts)
 * @param result         the final state in lower case: succeeded, rolled_back, rollback_failed, failed_preflight, noop, interrupted
 * @param seconds        started → finished
 * @param phases         seconds per phase (preflight, rollout, monitor, rollback) that has both its ends recorded
 * @param rollback       why and how fast it was rolled back; null when it was not
 * @param failedChecks   the gate of every failed health check (pre-flight gates are not health checks)
 */
record RunFacts(long id, String environment, String service, String kind, String result, double seconds,
        Map<String, Double> phases, RollbackFacts rollback, List<String> failedChecks, Instant finishedAt) {

    /** How a deployment was rolled back: the reason, and first failed check → rollback start (detection) and → old version healthy (restore); null when not recorded. */
    record RollbackFacts(String reason, Double detectionSeconds, Double restoreSeconds) {
    }

    static final String DRILL = "drill";

    boolean drill() {
        return DRILL.equals(kind);
    }

    /** events and gates are this deployment's, oldest first. */
    static RunFacts of(DeploymentSummary d, List<DeployEvent> events, List<GateResult> gates) {
        String kind = d.kind().toLowerCase(Locale.ROOT);
        String result = d.state().toLowerCase(Locale.ROOT);
        double seconds = d.finishedAt() == null || d.startedAt() == null ? 0 : secondsBetween(d.startedAt(), d.finishedAt());
        List<String> failed = new ArrayList<>();
        GateResult firstFailed = null;
        for (GateResult g : gates) {
            if (!g.passed() && !g.gate().startsWith("preflight")) {
                failed.add(g.gate());
                firstFailed = firstFailed == null ? g : firstFailed;
            }
        }
        Instant rollbackStarted = at(events, "rollback-started");
        Instant rolledBack = at(events, "rolled-back");
        RollbackFacts rollback = null;
        if (kind.equals("rollback") && !result.equals("noop") && !result.equals("failed_preflight")) {
            rollback = new RollbackFacts(Reasons.MANUAL, null, null);
        } else if (rollbackStarted != null) {
            GateResult trigger = null;
            for (GateResult g : gates) {
                if (!g.passed() && !g.gate().startsWith("preflight") && !g.at().isAfter(rollbackStarted)) {
                    trigger = g;
                }
            }
            Instant first = firstFailed != null && !firstFailed.at().isAfter(rollbackStarted) ? firstFailed.at() : null;
            rollback = new RollbackFacts(Reasons.of(trigger == null ? null : trigger.gate()),
                    first == null ? null : secondsBetween(first, rollbackStarted),
                    first == null || rolledBack == null ? null : secondsBetween(first, rolledBack));
        }
        return new RunFacts(d.id(), d.environment(), d.service(), kind, result, seconds, phases(d, events), rollback,
                List.copyOf(failed), d.finishedAt());
    }

    /**
     * preflight: start → "updating"; rollout: "updating" → all replicas healthy ("deploy-healthy"), or
     * → "rollback-started" when it never got there; monitor: healthy → "succeeded" or "rollback-started";
     * rollback: "rollback-started" → "rolled-back" or "rollback-failed".
     */
    private static Map<String, Double> phases(DeploymentSummary d, List<DeployEvent> events) {
        Map<String, Double> out = new LinkedHashMap<>();
        Instant updating = at(events, "updating");
        Instant healthy = at(events, "deploy-healthy");
        Instant rollbackStarted = at(events, "rollback-started");
        Instant succeeded = at(events, "succeeded");
        Instant rollbackEnd = at(events, "rolled-back");
        if (rollbackEnd == null) {
            rollbackEnd = at(events, "rollback-failed");
        }
        if (d.startedAt() != null && updating != null) {
            out.put("preflight", secondsBetween(d.startedAt(), updating));
        }
        Instant rolloutEnd = healthy != null ? healthy : rollbackStarted;
        if (updating != null && rolloutEnd != null && !rolloutEnd.isBefore(updating)) {
            out.put("rollout", secondsBetween(updating, rolloutEnd));
        }
        Instant monitorEnd = succeeded != null ? succeeded : rollbackStarted;
        if (healthy != null && monitorEnd != null && !monitorEnd.isBefore(healthy)) {
            out.put("monitor", secondsBetween(healthy, monitorEnd));
        }
        if (rollbackStarted != null && rollbackEnd != null && !rollbackEnd.isBefore(rollbackStarted)) {
            out.put("rollback", secondsBetween(rollbackStarted, rollbackEnd));
        }
        return out;
    }

    private static Instant at(List<DeployEvent> events, String phase) {
        return events.stream().filter(e -> e.phase().equals(phase)).map(DeployEvent::at).findFirst().orElse(null);
    }

    private static double secondsBetween(Instant a, Instant b) {
        return Duration.between(a, b).toMillis() / 1000.0;
    }
}
