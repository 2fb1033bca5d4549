package dev.zerofail.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Result;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.TaskFailure;
import java.util.List;
import java.util.Map;

/**
 * What a deploy, rollback or recovery did, service by service: the result of {@code zerofail deploy}
 * and {@code zerofail rollback} (docs/schemas/deploy.schema.json), which the CLI prints and turns
 * into an exit code. {@code command} is "deploy", "rollback" or "drill" ({@code deploy --drill}).
 */
@JsonPropertyOrder({"environment", "command", "exitCode", "services", "recovered"})
public record DeployOutcome(String environment, String command, List<ServiceOutcome> recovered, List<ServiceOutcome> services)
        implements Result {
    public DeployOutcome {
        recovered = List.copyOf(recovered);
        services = List.copyOf(services);
    }

    /**
     * One service. {@code deploymentId} is its history row (0 when nothing was recorded);
     * {@code phasesMs} the milliseconds from the start to each phase; {@code runningNow} what Swarm
     * runs after it all (the image, replicas, health), which matters most when a rollback failed;
     * {@code drill} a rollback drill's figures (null for anything else).
     */
    public record ServiceOutcome(String service, long deploymentId, DeployKind kind, DeployState state, ExitCode exitCode,
            String fromImage, String toImage, String message, List<GateResult> gates, List<TaskFailure> failures,
            Map<String, Long> phasesMs, Running runningNow, Drill drill) {
        public ServiceOutcome {
            gates = List.copyOf(gates);
            failures = List.copyOf(failures);
            phasesMs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phasesMs));
        }

        public ServiceOutcome(String service, long deploymentId, DeployKind kind, DeployState state, ExitCode exitCode,
                String fromImage, String toImage, String message, List<GateResult> gates, List<TaskFailure> failures,
                Map<String, Long> phasesMs, Running runningNow) {
            this(service, deploymentId, kind, state, exitCode, fromImage, toImage, message, gates, failures, phasesMs, runningNow,
                    null);
        }

        ServiceOutcome withDrill(Drill d) {
            return new ServiceOutcome(service, deploymentId, kind, state, exitCode, fromImage, toImage, message, gates, failures,
                    phasesMs, runningNow, d);
        }
    }

    /**
     * A rollback drill's figures. {@code healthcheck}: the failing healthcheck {@code replaced} the
     * service's own, or was {@code added} because it has none (so a real bad release of it is caught
     * only by its HTTP or Prometheus gates, or a crash). {@code detectedBy}: the gate that failed first
     * (absent when nothing detected the variant). {@code detectionMs}: first failed check → rollback
     * start; {@code restoreMs}: rollback start → the old version healthy again; absent when that did
     * not happen.
     */
    @JsonPropertyOrder({"healthcheck", "detectedBy", "firstFailedCheckAt", "detectionMs", "restoreMs"})
    public record Drill(Healthcheck healthcheck, String detectedBy, java.time.Instant firstFailedCheckAt, Long detectionMs,
            Long restoreMs) {
        public enum Healthcheck { REPLACED, ADDED }
    }

    /**
     * What Swarm runs for a service: its spec image, running replicas of those desired, the image of
     * each running task (image → count) and the update state. {@code exists} is false when Swarm has
     * no such service; {@code error} says why it could not be read (the rest is then absent).
     */
    @JsonPropertyOrder({"swarmName", "exists", "image", "desired", "running", "runningImages", "updateState", "error"})
    public record Running(String swarmName, boolean exists, String image, Long desired, Long running,
            Map<String, Long> runningImages, String updateState, String error) {
        public Running {
            runningImages = runningImages == null ? null : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(runningImages));
        }

        /** The line progress output and recovery events quote: {@code acme_api: spec image X, 2/2 running {X=2}, update completed}. */
        @Override
        public String toString() {
            if (error != null) {
                return swarmName + ": unknown (" + error + ")";
            }
            if (!exists) {
                return swarmName + ": no such service";
            }
            return swarmName + ": spec image " + image + ", " + running + "/" + desired + " running " + runningImages
                    + (updateState == null ? "" : ", update " + updateState);
        }
    }

    /** The worst exit status of any service ({@link ExitCode#worse}); a recovered service counts only when its rollback failed. */
    @JsonProperty("exitCode")
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
