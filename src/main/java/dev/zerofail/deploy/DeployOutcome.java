package dev.zerofail.deploy;

import dev.zerofail.core.ExitCode;
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
    public record ServiceOutcome(String service, long deploymentId, DeployKind kind, DeployState state, ExitCode exitCode,
            String fromImage, String toImage, String message, List<GateResult> gates, List<TaskFailure> failures,
            Map<String, Long> phasesMs, String runningNow) {
        public ServiceOutcome {
            gates = List.copyOf(gates);
            failures = List.copyOf(failures);
            phasesMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phasesMs));
        }
    }

    /** The worst exit status of any service ({@link ExitCode#worse}); a recovered service counts only when its rollback failed. */
    public ExitCode exitCode() {
        ExitCode worst = ExitCode.OK;
        for (ServiceOutcome s : services) {
            worst = worst.worse(s.exitCode());
        }
        for (ServiceOutcome s : recovered) {
            if (s.exitCode() == ExitCode.ROLLBACK_FAILED) {
                worst = worst.worse(ExitCode.ROLLBACK_FAILED);
            }
        }
        return worst;
    }
}
