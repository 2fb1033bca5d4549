package dev.zerofail.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A deployment with everything recorded about it, and the timings its events imply. */
public record DeploymentDetail(Deployment deployment, List<DeployEvent> events, List<GateResult> gates,
        List<TaskFailure> failures) {

    public DeploymentDetail {
        events = List.copyOf(events);
        gates = List.copyOf(gates);
        failures = List.copyOf(failures);
    }

    /** A stretch of the run spent in one phase; {@code duration} is null while it is still going on. */
    public record Phase(String name, Instant start, Duration duration) {
    }

    public static DeploymentDetail load(HistoryStore store, Deployment d) {
        return new DeploymentDetail(d, store.events(d.id()), store.gates(d.id()), store.failures(d.id()));
    }

    /**
     * Each phase lasts from its first event to the next phase's first event; the last one until the
     * deployment finished. Consecutive events of one phase (replica 1 of 3, 2 of 3…) are one stretch.
     */
    public List<Phase> phases() {
        List<Phase> out = new ArrayList<>();
        String current = null;
        Instant start = null;
        for (DeployEvent e : events) {
            if (e.phase().equals(current)) {
                continue;
            }
            if (current != null) {
                out.add(new Phase(current, start, Duration.between(start, e.at())));
            }
            current = e.phase();
            start = e.at();
        }
        if (current != null) {
            Instant end = deployment.finishedAt();
            out.add(new Phase(current, start, end == null || end.isBefore(start) ? null : Duration.between(start, end)));
        }
        return List.copyOf(out);
    }

    /** Start to finish, or null while running. */
    public Duration duration() {
        Deployment d = deployment;
        return d.finishedAt() == null || d.startedAt() == null ? null : Duration.between(d.startedAt(), d.finishedAt());
    }

    public long gatesPassed() {
        return gates.stream().filter(GateResult::passed).count();
    }

    public List<GateResult> gatesFailed() {
        return gates.stream().filter(g -> !g.passed()).toList();
    }
}
