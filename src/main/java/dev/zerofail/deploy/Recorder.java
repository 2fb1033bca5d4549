package dev.zerofail.deploy;

import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.TaskFailure;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes one deployment's events, gate results and failing tasks to the store as they happen (verify passes no store: it records nothing), and tells the user. */
final class Recorder {
    private final HistoryStore store;
    private final long id;
    private final Clock clock;
    private final Progress progress;
    private final String prefix;
    private final List<GateResult> gates = new ArrayList<>();
    private final List<TaskFailure> failures = new ArrayList<>();
    private final Instant started;

    Recorder(HistoryStore store, long id, Clock clock, Progress progress, String service) {
        this.store = store;
        this.id = id;
        this.clock = clock;
        this.progress = progress;
        this.prefix = service + ": ";
        this.started = clock.instant();
    }

    long id() {
        return id;
    }

    Instant now() {
        return clock.instant();
    }

    long elapsedMs() {
        return clock.millis() - started.toEpochMilli();
    }

    void event(String phase, String message) {
        if (store != null) {
            store.event(new DeployEvent(id, clock.instant(), phase, message));
        }
        progress.line(prefix + message);
    }

    /** An event that happened a moment ago, stamped when it happened (a probe the daemon logged), not when it was learnt. */
    void eventAt(Instant at, String phase, String message) {
        if (store != null) {
            store.event(new DeployEvent(id, at, phase, message));
        }
        progress.line(prefix + message);
    }

    /** Progress only: lines that would flood the record (each poll) but help someone watching. */
    void say(String message) {
        progress.line(prefix + message);
    }

    void gate(String gate, String target, boolean passed, String detail) {
        GateResult g = new GateResult(id, clock.instant(), gate, target, passed, detail);
        if (store != null) {
            store.gate(g);
        }
        gates.add(g);
        progress.line(prefix + (passed ? "✓ " : "✗ ") + gate + (target == null ? "" : " [" + target + "]") + ": " + detail);
    }

    void failure(String taskId, String error, Integer exitCode) {
        TaskFailure f = new TaskFailure(id, taskId, error, exitCode, clock.instant());
        if (store != null) {
            store.taskFailure(f);
        }
        failures.add(f);
    }

    List<GateResult> gates() {
        return List.copyOf(gates);
    }

    List<TaskFailure> failures() {
        return List.copyOf(failures);
    }
}
