package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.history.DrillTimes;
import dev.zerofail.history.GateResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a rollback drill sends and how its figures are taken. The variant is the service's current
 * Swarm spec with its healthcheck replaced by {@code exit 1} every second, so any image fails it (one
 * without a shell fails the exec) and no special image is needed.
 */
final class Drills {
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** Environment names a drill needs {@code --allow-production} for. */
    private static final Pattern PRODUCTION = Pattern.compile("(?i)prod.*|prd|live");

    private Drills() {
    }

    static boolean production(String environment) {
        return PRODUCTION.matcher(environment).matches();
    }

    /**
     * A spec read back from Swarm names the host network by a swarm-scope ID that the daemon's network
     * list does not show, so host ports are not recognised in it; the update order zerofail chose when
     * it deployed what runs (stop-first for host ports) says it instead. Start-first there would start
     * the drill's task beside the old one on the same port, and it would die of that, not of the drill.
     */
    static boolean keptStopFirst(JsonNode spec) {
        return "stop-first".equals(spec.path("UpdateConfig").path("Order").asText());
    }

    /** The current spec with a healthcheck that always fails: unhealthy after one probe, no start period. */
    static ObjectNode variant(ObjectNode current) {
        ObjectNode copy = current.deepCopy();
        ObjectNode container = (ObjectNode) copy.path("TaskTemplate").path("ContainerSpec");
        ObjectNode hc = container.putObject("Healthcheck");
        hc.putArray("Test").add("CMD-SHELL").add("exit 1");
        hc.put("Interval", PROBE_INTERVAL.toNanos());
        hc.put("Timeout", PROBE_INTERVAL.toNanos());
        hc.put("Retries", 1);
        hc.put("StartPeriod", 0);
        return copy;
    }

    /**
     * Whether the service has a healthcheck of its own: in its spec, or else in its image, which a
     * running container's health tells ("none" when neither has one). A spec without one whose tasks
     * run elsewhere counts as having none.
     */
    static DeployOutcome.Drill.Healthcheck own(Swarm target, Swarm.ServiceState svc) {
        JsonNode test = svc.spec().path("TaskTemplate").path("ContainerSpec").path("Healthcheck").path("Test");
        if (test.isArray() && !test.isEmpty()) {
            return "NONE".equals(test.get(0).asText()) ? DeployOutcome.Drill.Healthcheck.ADDED
                    : DeployOutcome.Drill.Healthcheck.REPLACED;
        }
        for (Swarm.TaskState t : target.tasks(svc.id())) {
            if (t.state().equals("running") && t.desiredState().equals("running")) {
                String health = target.containerHealth(t.containerId());
                if (health != null && !health.equals("none")) {
                    return DeployOutcome.Drill.Healthcheck.REPLACED;
                }
            }
        }
        return DeployOutcome.Drill.Healthcheck.ADDED;
    }

    /**
     * Records the first failed check as an event stamped when it failed: the earlier of the daemon's
     * first failed probe of the failing task (when its container is on this daemon) and the first gate
     * zerofail saw fail. Detection time is measured from here to the rollback's start.
     */
    static void recordFirstFailedCheck(DeployContext ctx, Recorder rec, String serviceName, RolloutWatch.Failure failure) {
        Optional<GateResult> gate = rec.gates().stream().filter(g -> !g.passed()).min(Comparator.comparing(GateResult::at));
        Instant at = gate.map(GateResult::at).orElse(rec.now());
        String what = gate.map(g -> "gate " + g.gate() + " failed: " + g.detail()).orElse(failure.gate() + ": " + failure.reason());
        Optional<Instant> probe = failure.taskId() == null ? Optional.empty() : ctx.target().service(serviceName)
                .flatMap(s -> ctx.target().tasks(s.id()).stream().filter(t -> t.id().equals(failure.taskId())).findFirst())
                .flatMap(t -> ctx.target().firstFailedProbe(t.containerId()));
        if (probe.isPresent() && probe.get().isBefore(at)) {
            what = "the healthcheck probe of task " + RolloutWatch.shortId(failure.taskId()) + " failed (the daemon's health log); "
                    + what;
            at = probe.get();
        }
        rec.eventAt(at, DrillTimes.CHECK_FAILED, "first failed check: " + what);
    }

    /** The figures of a finished drill, from its recorded events and gates. */
    static DeployOutcome.Drill figures(DeployContext ctx, DeployOutcome.ServiceOutcome o, DeployOutcome.Drill.Healthcheck hc) {
        DrillTimes t = o.deploymentId() == 0 ? new DrillTimes(null, null, null) : DrillTimes.of(ctx.store().events(o.deploymentId()));
        String detectedBy = o.phasesMs().containsKey("failed") ? o.gates().stream().filter(g -> !g.passed()
                && !g.gate().startsWith("preflight")).min(Comparator.comparing(GateResult::at)).map(GateResult::gate).orElse(null)
                : null;
        return new DeployOutcome.Drill(hc, detectedBy, t.firstFailedCheck(), t.detectionMs(), t.restoreMs());
    }
}
