package dev.zerofail.deploy;

import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.TaskFailure;
import java.util.List;
import java.util.Map;

/**
 * What a deploy, rollback or recovery did, service by service: the value the CLI prints (and emits
 * as JSON) and turns into an exit code.
 */
public record DeployOutcome(String environment, String command, List<ServiceOutcome> recovered, List<ServiceOutcome> services) {
    public DeployOutcome {
        recovered = List.copyOf(recovered);
        services = List.copyOf(services);
    }

    /**
     * One service. {@code deploymentId} is its history row (0 when nothing was recorded);
     * {@code phasesMs} the milliseconds from the start to each phase; {@code runningNow} what Swarm
     * runs after it all (the image, replicas, health), which matters most when a rollback failed.
     */
    public record ServiceOutcome(String service, long deploymentId, DeployKind kind, DeployState state, int exitCode,
            String fromImage, String toImage, String message, List<GateResult> gates, List<TaskFailure> failures,
            Map<String, Long> phasesMs, String runningNow) {
        public ServiceOutcome {
            gates = List.copyOf(gates);
            failures = List.copyOf(failures);
            phasesMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phasesMs));
        }
    }

    /** The worst exit status of any service: 5 before 4 before 3 before 1 before 0. */
    public int exitCode() {
        int worst = 0;
        for (ServiceOutcome s : services) {
            worst = rank(s.exitCode()) > rank(worst) ? s.exitCode() : worst;
        }
        for (ServiceOutcome s : recovered) {
            if (s.exitCode() == 5) {
                worst = rank(5) > rank(worst) ? 5 : worst;
            }
        }
        return worst;
    }

    private static int rank(int code) {
        return switch (code) {
            case 5 -> 5;
            case 4 -> 4;
            case 3 -> 3;
            case 2 -> 2;
            case 1 -> 1;
            default -> 0;
        };
    }
}
