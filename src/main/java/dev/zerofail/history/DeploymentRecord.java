package dev.zerofail.history;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A deployment as the JSON contract shows it (docs/schemas/deployment.schema.json#/$defs/deployment):
 * the facts of its row, and, when read with its details, its phases, gates and failing tasks;
 * {@code events} and the (masked) specs only for one deployment in full ({@code history --id}).
 * Absent parts are null and left out.
 */
@JsonPropertyOrder({"id", "environment", "service", "kind", "state", "exitCode", "emergency", "actor", "reason", "fromImage",
    "toImage", "fromSpecFingerprint", "toSpecFingerprint", "swarmVersionBefore", "swarmVersionAfter", "startedAt", "finishedAt",
    "durationMs", "error", "phases", "gates", "failedTasks", "events", "requestedSpec", "previousSpec"})
public record DeploymentRecord(long id, String environment, String service, DeployKind kind, DeployState state, Integer exitCode,
        boolean emergency, String actor, String reason, String fromImage, String toImage, String fromSpecFingerprint,
        String toSpecFingerprint, Long swarmVersionBefore, Long swarmVersionAfter, Instant startedAt, Instant finishedAt,
        Long durationMs, String error, List<Phase> phases, List<GateResult> gates, List<TaskFailure> failedTasks,
        List<Event> events, String requestedSpec, String previousSpec) {

    /** A stretch of the run in one phase; {@code durationMs} is null while it still goes on. */
    public record Phase(String phase, Instant startedAt, Long durationMs) {
    }

    /** One state change of the deployment's timeline. */
    public record Event(Instant at, String phase, String message) {
    }

    /** The row alone (status: the last and the running deployment); null for null. */
    public static DeploymentRecord of(Deployment d) {
        return d == null ? null : of(d, null, null, null, null, false);
    }

    /** With phases, gates and failing tasks; {@code full} adds the event timeline and the specs. */
    public static DeploymentRecord of(DeploymentDetail detail, boolean full) {
        List<Phase> phases = detail.phases().stream().map(p -> new Phase(p.name(), p.start(), ms(p.duration()))).toList();
        List<Event> events = full ? detail.events().stream().map(e -> new Event(e.at(), e.phase(), e.message())).toList() : null;
        return of(detail.deployment(), phases, detail.gates(), detail.failures(), events, full);
    }

    private static DeploymentRecord of(Deployment x, List<Phase> phases, List<GateResult> gates, List<TaskFailure> failures,
            List<Event> events, boolean specs) {
        Duration took = x.finishedAt() == null || x.startedAt() == null ? null : Duration.between(x.startedAt(), x.finishedAt());
        return new DeploymentRecord(x.id(), x.environment(), x.service(), x.kind(), x.state(), x.exitCode(), x.emergency(),
                x.actor(), blankToNull(x.reason()), x.fromImage(), x.toImage(), x.fromSpecFingerprint(), x.toSpecFingerprint(),
                x.swarmVersionBefore(), x.swarmVersionAfter(), x.startedAt(), x.finishedAt(), ms(took), blankToNull(x.error()),
                phases, gates, failures, events, specs ? x.requestedSpecJson() : null, specs ? x.previousSpecJson() : null);
    }

    private static Long ms(Duration d) {
        return d == null ? null : d.toMillis();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
