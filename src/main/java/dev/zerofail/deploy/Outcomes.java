package dev.zerofail.deploy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import java.util.Map;

/** Ends a deployment's record and builds its outcome, with what Swarm runs now. */
record Outcomes(DeployContext ctx, Recorder rec, Deployer.Plan plan, Deployment draft, Map<String, Long> phases) {
    DeployOutcome.ServiceOutcome finish(DeployState state, ExitCode exitCode, String error, long versionAfter) {
        if (plan.kind() == DeployKind.DRILL && state == DeployState.ROLLED_BACK) {
            // a drill exists to be rolled back: that is its success, but only when a gate caught the variant
            // ("failed"); restored after it went unnoticed, or by recovery after a crash, it proved nothing
            exitCode = phases.containsKey("failed") ? ExitCode.OK : ExitCode.FINDINGS;
        }
        ctx.store().finish(rec.id(), state, exitCode.code(), error, versionAfter < 0 ? null : versionAfter, rec.now());
        DeployOutcome.Running running = runningNow(ctx.target(), plan.spec().path("Name").asText());
        if (state == DeployState.ROLLBACK_FAILED) {
            rec.say("ROLLBACK FAILED, a person must act. Running now: " + running);
        }
        return new DeployOutcome.ServiceOutcome(plan.service(), rec.id(), plan.kind(), state, exitCode, draft.fromImage(),
                draft.toImage(), error, rec.gates(), rec.failures(), phases, running);
    }

    /** What Swarm runs for {@code name} now; never throws (it describes a failure). */
    static DeployOutcome.Running runningNow(Swarm target, String name) {
        try {
            return target.service(name).map(s -> {
                var tasks = target.tasks(s.id()).stream().filter(t -> t.desiredState().equals("running")).toList();
                long running = tasks.stream().filter(t -> t.state().equals("running")).count();
                java.util.Map<String, Long> images = new java.util.TreeMap<>();
                tasks.stream().filter(t -> t.state().equals("running"))
                        .forEach(t -> images.merge(t.spec().path("ContainerSpec").path("Image").asText(), 1L, Long::sum));
                return new DeployOutcome.Running(name, true, s.image(), s.replicas(), running, images, s.updateState(),
                        null);
            }).orElse(new DeployOutcome.Running(name, false, null, null, null, null, null, null));
        } catch (RuntimeException e) {
            return new DeployOutcome.Running(name, false, null, null, null, null, null, String.valueOf(e.getMessage()));
        }
    }
}
