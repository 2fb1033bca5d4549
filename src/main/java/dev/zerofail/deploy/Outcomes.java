package dev.zerofail.deploy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import java.util.Map;

/** Ends a deployment's record and builds its outcome, with what Swarm runs now. */
record Outcomes(DeployContext ctx, Recorder rec, Deployer.Plan plan, Deployment draft, Map<String, Long> phases) {
    DeployOutcome.ServiceOutcome finish(DeployState state, ExitCode exitCode, String error, long versionAfter) {
        ctx.store().finish(rec.id(), state, exitCode.code(), error, versionAfter < 0 ? null : versionAfter, rec.now());
        String running = runningNow(ctx.target(), plan.spec().path("Name").asText());
        if (state == DeployState.ROLLBACK_FAILED) {
            rec.say("ROLLBACK FAILED, a person must act. Running now: " + running);
        }
        return new DeployOutcome.ServiceOutcome(plan.service(), rec.id(), plan.kind(), state, exitCode, draft.fromImage(),
                draft.toImage(), error, rec.gates(), rec.failures(), phases, running);
    }

    /** {@code acme_api: image X, 2/2 running (1 healthy), update completed}; never throws (it describes a failure). */
    static String runningNow(Swarm target, String name) {
        try {
            return target.service(name).map(s -> {
                var tasks = target.tasks(s.id()).stream().filter(t -> t.desiredState().equals("running")).toList();
                long running = tasks.stream().filter(t -> t.state().equals("running")).count();
                java.util.Map<String, Long> images = new java.util.TreeMap<>();
                tasks.stream().filter(t -> t.state().equals("running"))
                        .forEach(t -> images.merge(t.spec().path("ContainerSpec").path("Image").asText(), 1L, Long::sum));
                return name + ": spec image " + s.image() + ", " + running + "/" + s.replicas() + " running " + images
                        + (s.updateState() == null ? "" : ", update " + s.updateState());
            }).orElse(name + ": no such service");
        } catch (RuntimeException e) {
            return name + ": unknown (" + e.getMessage() + ")";
        }
    }
}
