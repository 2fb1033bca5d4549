package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmSpecs;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Futures;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The way back after a rollout's first failure (of a deploy, or found by recovery): the last good
 * spec zerofail recorded itself, sent again if Swarm pauses it, and watched by the same gates until
 * the old version is healthy again (ROLLED_BACK, exit 4) or is not (ROLLBACK_FAILED, exit 5).
 */
final class Rollback {
    static final int ATTEMPTS = 3;
    /** Sends of one attempt refused as "update out of sequence" before the rollback counts as failed. */
    static final int SEQUENCE_RETRIES = 5;
    private final DeployContext ctx;
    private final HttpClient http;

    Rollback(DeployContext ctx, HttpClient http) {
        this.ctx = ctx;
        this.http = http;
    }

    /**
     * The last good deployment of the plan's service (none for a drill), read from the history on its own
     * thread: a deploy starts it when it sends its update, so the rollback does not wait for the read.
     */
    static CompletableFuture<Optional<Deployment>> lastGood(DeployContext ctx, Deployer.Plan p) {
        return p.kind() == DeployKind.DRILL ? CompletableFuture.completedFuture(Optional.empty())
                : CompletableFuture.supplyAsync(() -> ctx.store().lastSucceeded(ctx.env().name(), p.service()),
                        Futures.daemonThreads("zerofail-last-good"));
    }

    /** Stops the rollout at its first failure: sends the last good spec and waits for it to be healthy by the same gates. */
    DeployOutcome.ServiceOutcome afterFailure(Deployer.Plan p, ObjectNode preDeploySpec, RolloutWatch.Failure failure,
            DeployConfig.ServiceSettings settings, long parallelism, boolean hostPorts, Outcomes out) {
        return afterFailure(p, lastGood(ctx, p), preDeploySpec, failure, settings, parallelism, hostPorts, out);
    }

    /** The same, with the last good deployment already being read ({@link #lastGood}). */
    DeployOutcome.ServiceOutcome afterFailure(Deployer.Plan p, CompletableFuture<Optional<Deployment>> lastGood, ObjectNode preDeploySpec,
            RolloutWatch.Failure failure, DeployConfig.ServiceSettings settings, long parallelism, boolean hostPorts, Outcomes out) {
        Recorder rec = out.rec();
        String name = p.spec().path("Name").asText();
        String why = failure.gate() + (failure.taskId() == null ? "" : " [task " + RolloutWatch.shortId(failure.taskId()) + "]")
                + ": " + failure.reason();
        Optional<Swarm.ServiceState> now = ctx.target().service(name);
        // read once: the specs to restore masked values from, and the tasks already over before the first send
        List<Swarm.TaskState> tasksNow = now.map(s -> ctx.target().tasks(s.id())).orElse(List.of());
        ObjectNode good;
        String source;
        try {
            Optional<Deployment> last = Futures.join(lastGood);
            if (p.kind() == DeployKind.DRILL && preDeploySpec != null) {
                // a drill restores exactly what ran before it, whatever the last recorded deploy was
                good = preDeploySpec;
                source = "the spec that ran before the drill (" + Specs.image(preDeploySpec) + ")";
            } else if (last.isPresent() && last.get().requestedSpecJson() != null) {
                good = Specs.unmasked(Specs.parse(last.get().requestedSpecJson()), withPre(candidates(now, tasksNow), preDeploySpec));
                source = "the last good spec (deployment " + last.get().id() + ", " + last.get().toImage() + ")";
            } else if (preDeploySpec != null) {
                good = preDeploySpec;
                source = "the spec that ran before this deploy (" + Specs.image(preDeploySpec) + "; no earlier success recorded)";
            } else {
                good = null;
                source = "nothing: the service did not exist before";
            }
        } catch (ZerofailException e) {
            rec.event("rollback-failed", "cannot build the spec to roll back to: " + e.getMessage());
            return out.finish(DeployState.ROLLBACK_FAILED, ExitCode.ROLLBACK_FAILED, why + "; rollback impossible: "
                    + e.getMessage(), -1);
        }
        rec.event("rollback-started", "stopping the rollout at " + why + "; rolling back to " + source);
        out.phases().put("rollback-started", rec.elapsedMs());
        try {
            if (now.isEmpty()) {
                return out.finish(DeployState.ROLLBACK_FAILED, ExitCode.ROLLBACK_FAILED, why + "; the service vanished", -1);
            }
            if (good == null && out.draft().previousSpecJson() == null) {
                ctx.target().remove(now.get().id());
                // "as before" includes its tasks being gone: they hold ports a next deploy needs
                for (int i = 0; i < 200 && ctx.target().runningContainers(now.get().id()) > 0; i++) {
                    ctx.pause(RolloutWatch.POLL);
                }
                rec.event("rolled-back", "removed " + name + ", which did not exist before this deploy");
                out.phases().put("rolled-back", rec.elapsedMs());
                return out.finish(DeployState.ROLLED_BACK, ExitCode.ROLLED_BACK, why, now.get().version());
            }
            if (good == null) {
                return out.finish(DeployState.ROLLBACK_FAILED, ExitCode.ROLLBACK_FAILED, why
                        + "; no spec to roll back to: no recorded success and Swarm no longer has the previous spec", -1);
            }
            // the recorded spec names its secrets and configs; their IDs are looked up only when it has any
            JsonNode container = good.path("TaskTemplate").path("ContainerSpec");
            Swarm.ObjectIds ids = container.path("Secrets").isEmpty() && container.path("Configs").isEmpty()
                    ? new Swarm.ObjectIds(java.util.Map.of(), java.util.Map.of(), List.of())
                    : ctx.target().ensureObjects(List.of());
            ObjectNode send = SwarmSpecs.withObjectIds(Specs.withUpdateConfig(good, parallelism, hostPorts, Duration.ZERO,
                    Deployer.SWARM_MONITOR), ids.secrets(), ids.configs());
            long expected = Math.max(1, good.path("Mode").path("Replicated").path("Replicas").asLong(1));
            RolloutWatch.Result res = null;
            PortHolders portHolders = new PortHolders(ctx.target(), failure.taskId());
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Swarm.ServiceState current = attempt == 1 ? now.get() : ctx.target().service(name).orElse(now.get());
                RolloutWatch.Snapshot finished = attempt == 1 ? RolloutWatch.snapshot(current, tasksNow)
                        : RolloutWatch.snapshot(ctx.target(), current);
                if (attempt > 1) {
                    // Swarm paused the rollback's own update: send it again, telling Swarm to replace the tasks
                    send = Specs.withForceUpdate(send, current.spec().path("TaskTemplate").path("ForceUpdate").asLong(0) + 1);
                    rec.event("rollback-retry", "Swarm paused the rollback (" + res.failure().reason() + "); sending it again, attempt "
                            + attempt + " of " + ATTEMPTS);
                }
                for (int race = 1; ; race++) {
                    try {
                        ctx.target().update(current.id(), current.version(), send);
                        break;
                    } catch (ZerofailException e) {
                        // Swarm bumps the version when it pauses the failed update, which can land between
                        // reading the service and sending the old spec: read it again and resend
                        if (race >= SEQUENCE_RETRIES || e.getMessage() == null || !e.getMessage().contains("out of sequence")) {
                            throw e;
                        }
                        current = ctx.target().service(name).orElse(current);
                        finished = RolloutWatch.snapshot(ctx.target(), current);
                    }
                }
                RolloutWatch watch = new RolloutWatch(ctx, http, rec).tolerant();
                if (hostPorts) {
                    watch.onPoll(portHolders);
                }
                res = watch.watch(name, settings.health(), Duration.ZERO,
                        (int) Math.ceil(expected / (double) parallelism), "rollback", finished);
                if (res.ok() || !res.failure().gate().equals("swarm-update")) {
                    break;
                }
            }
            out.phases().put(res.ok() ? "rolled-back" : "rollback-failed", rec.elapsedMs());
            if (res.ok()) {
                rec.event("rolled-back", "the old version (" + Specs.image(good) + ") is healthy again: " + res.passed() + " replica(s)");
                return out.finish(DeployState.ROLLED_BACK, ExitCode.ROLLED_BACK, why, res.versionAfter());
            }
            rec.event("rollback-failed", "the old version did not become healthy: " + res.failure().reason());
            return out.finish(DeployState.ROLLBACK_FAILED, ExitCode.ROLLBACK_FAILED, why + "; rollback failed: "
                    + res.failure().reason(), res.versionAfter());
        } catch (ZerofailException e) {
            rec.event("rollback-failed", e.getMessage());
            return out.finish(DeployState.ROLLBACK_FAILED, ExitCode.ROLLBACK_FAILED, why + "; rollback failed: " + e.getMessage(), -1);
        }
    }

    /**
     * Stop-first (host ports): the old version's task must be gone before the old spec's can bind the
     * port. Swarm stops it, but its agent first waits 2 s for gossip to converge (for any task on a
     * network other than the default bridge, the host network included) before it sends the stop signal
     * and waits out the drain; and Swarm's restart of a failed task can race the rollback with one more
     * task of the failed version, which holds the port until its healthcheck kills it while the old
     * spec's tasks exit one after another (DeployRecoveryIT on a real Swarm). So on every poll of the
     * rollback, a task of another spec is stopped, with the signal and grace period Swarm would use,
     * when it is the task that failed or Swarm has already started the old spec's task for its slot:
     * never a task Swarm is not replacing yet. Each is stopped once, off the watch's thread.
     */
    static final class PortHolders implements java.util.function.BiConsumer<JsonNode, List<Swarm.TaskState>> {
        private final Swarm target;
        private final String failedTaskId;
        private final java.util.Set<String> stopped = new java.util.HashSet<>();

        PortHolders(Swarm target, String failedTaskId) {
            this.target = target;
            this.failedTaskId = failedTaskId;
        }

        @Override
        public void accept(JsonNode template, List<Swarm.TaskState> tasks) {
            java.util.Set<Integer> replacing = new java.util.HashSet<>();
            tasks.stream().filter(t -> t.desiredState().equals("running") && RolloutWatch.sameSpec(t.spec(), template, true))
                    .forEach(t -> replacing.add(t.slot()));
            for (Swarm.TaskState t : tasks) {
                if (t.terminal() || t.containerId() == null || t.containerId().isEmpty() || RolloutWatch.sameSpec(t.spec(), template, true)
                        || !(t.id().equals(failedTaskId) || replacing.contains(t.slot())) || !stopped.add(t.id())) {
                    continue;
                }
                long graceNanos = t.spec().path("ContainerSpec").path("StopGracePeriod").asLong(STOP_GRACE_DEFAULT.toNanos());
                Thread stop = new Thread(() -> target.stopContainer(t.containerId(), Duration.ofNanos(graceNanos)),
                        "zerofail-stop-port-holder");
                stop.setDaemon(true);
                stop.start();
            }
        }
    }

    /** Swarm's default when a spec sets no StopGracePeriod. */
    static final Duration STOP_GRACE_DEFAULT = Duration.ofSeconds(10);

    /** Specs Swarm still holds with real values, to restore masked environment values of a recorded spec. */
    static List<JsonNode> candidates(DeployContext ctx, Optional<Swarm.ServiceState> now) {
        return candidates(now, now.map(s -> ctx.target().tasks(s.id())).orElse(List.of()));
    }

    private static List<JsonNode> candidates(Optional<Swarm.ServiceState> now, List<Swarm.TaskState> tasks) {
        List<JsonNode> out = new ArrayList<>();
        now.ifPresent(s -> {
            out.add(s.spec());
            out.add(s.previousSpec());
            tasks.forEach(t -> out.add(t.spec()));
        });
        return out;
    }

    private static List<JsonNode> withPre(List<JsonNode> c, ObjectNode pre) {
        List<JsonNode> out = new ArrayList<>(c);
        out.add(0, pre);
        return out;
    }
}
