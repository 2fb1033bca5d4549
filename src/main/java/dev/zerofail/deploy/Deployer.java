package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmObject;
import dev.zerofail.compose.SwarmSpecs;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Health-gated deploys and rollbacks of a stack's services to Swarm. Per service: a history row
 * from the start, the pre-flight gates, the lock, a no-op when nothing changed, the update with
 * Swarm set to pause at a failure, zerofail's own watch of every new task, and at the first failure
 * an update back to the last good spec it recorded, watched by the same gates.
 */
public final class Deployer {
    /** The update's Monitor for Swarm: short, because zerofail watches for longer itself. */
    static final Duration SWARM_MONITOR = Duration.ofSeconds(1);
    static final int ROLLBACK_ATTEMPTS = 3;

    private final DeployContext ctx;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Deployer(DeployContext ctx) {
        this.ctx = ctx;
    }

    /** {@code service} null means every service of the compose file, in file order; {@code image} needs one service. */
    public record Request(String service, String image, String tag, Duration lockWait, String actor, String reason,
            boolean emergency) {
    }

    public DeployOutcome deploy(Request r) {
        ctx.target().ping();
        List<DeployOutcome.ServiceOutcome> recovered = new Recovery(ctx, this).recover();
        List<String> services = ctx.services(r.service());
        if (r.image() != null && services.size() != 1) {
            throw ZerofailException.usage("--image", "--image names one image but the stack has " + services.size() + " services",
                    "add --service NAME, or use --tag to retag every service");
        }
        List<DeployOutcome.ServiceOutcome> out = new ArrayList<>();
        for (String svc : services) {
            ObjectNode spec = SwarmSpecs.toServiceSpec(ctx.env().stack(), svc, ctx.compose());
            if (r.image() != null) {
                spec = Specs.withImage(spec, r.image());
            } else if (r.tag() != null) {
                spec = Specs.withImage(spec, Specs.retag(Specs.image(spec), r.tag()));
            }
            List<SwarmObject> objects = SwarmSpecs.requiredObjects(ctx.env().stack(), ctx.compose(), ctx.projectDir());
            DeployKind kind = r.emergency() ? DeployKind.EMERGENCY : DeployKind.DEPLOY;
            DeployOutcome.ServiceOutcome o = run(new Plan(svc, spec, objects, kind, null), r);
            out.add(o);
            if (o.state() != DeployState.SUCCEEDED && o.state() != DeployState.NOOP) {
                ctx.progress().line("stopping: " + (services.size() - out.size()) + " service(s) after " + svc + " not deployed");
                break;
            }
        }
        return new DeployOutcome(ctx.env().name(), "deploy", recovered, out);
    }

    /** {@code to}: {@code previous} (default), a deployment id, or an image tag some recorded success deployed. */
    public DeployOutcome rollback(String service, String to, Request r) {
        ctx.target().ping();
        List<DeployOutcome.ServiceOutcome> recovered = new Recovery(ctx, this).recover();
        List<DeployOutcome.ServiceOutcome> out = new ArrayList<>();
        for (String svc : ctx.services(service)) {
            Deployment target = rollbackTarget(svc, to == null ? "previous" : to);
            String name = ctx.serviceName(svc);
            Optional<SwarmTarget.ServiceState> now = ctx.target().service(name);
            ObjectNode spec = Specs.unmasked(Specs.parse(target.requestedSpecJson()), candidates(now, name));
            DeployOutcome.ServiceOutcome o = run(new Plan(svc, spec, List.of(), DeployKind.ROLLBACK,
                    "deployment " + target.id() + " (" + target.toImage() + ")"), r);
            out.add(o);
            if (o.state() != DeployState.SUCCEEDED && o.state() != DeployState.NOOP) {
                break;
            }
        }
        return new DeployOutcome(ctx.env().name(), "rollback", recovered, out);
    }

    private Deployment rollbackTarget(String svc, String to) {
        List<Deployment> good = ctx.store().list(ctx.env().name(), svc, null, 0).stream()
                .filter(d -> d.state() == DeployState.SUCCEEDED && d.requestedSpecJson() != null).toList();
        String where = "--to " + to;
        if (to.equals("previous")) {
            String running = ctx.target().service(ctx.serviceName(svc)).map(s -> s.label(Specs.FINGERPRINT_LABEL)).orElse(null);
            return good.stream().filter(d -> !d.toSpecFingerprint().equals(running)).findFirst()
                    .orElseThrow(() -> ZerofailException.usage(where, "no earlier successful deploy of " + svc + " in "
                            + ctx.env().name() + " differs from what runs now", "see zerofail history --env " + ctx.env().name()));
        }
        if (to.matches("\\d+")) {
            Deployment d = ctx.store().get(Long.parseLong(to)).orElseThrow(() -> ZerofailException.usage(where,
                    "no deployment " + to, "see zerofail history --env " + ctx.env().name()));
            if (!d.environment().equals(ctx.env().name()) || !d.service().equals(svc) || d.requestedSpecJson() == null) {
                throw ZerofailException.usage(where, "deployment " + to + " is of " + d.service() + " in " + d.environment()
                        + ", not of " + svc + " in " + ctx.env().name(), "pick a deployment of this service");
            }
            if (d.state() != DeployState.SUCCEEDED) {
                throw ZerofailException.usage(where, "deployment " + to + " did not succeed (" + d.state() + ")",
                        "roll back to a deployment that succeeded");
            }
            return d;
        }
        return good.stream().filter(d -> d.toImage() != null && d.toImage().endsWith(":" + to)).findFirst()
                .orElseThrow(() -> ZerofailException.usage(where, "no successful deploy of " + svc + " with tag " + to,
                        "see zerofail history --env " + ctx.env().name()));
    }

    /** What to deploy for one service: a spec without object IDs (they are looked up by name when sent). */
    record Plan(String service, ObjectNode spec, List<SwarmObject> objects, DeployKind kind, String note) {
    }

    DeployOutcome.ServiceOutcome run(Plan p, Request r) {
        String name = p.spec().path("Name").asText();
        DeployConfig.ServiceSettings settings = ctx.env().service(p.service());
        Optional<SwarmTarget.ServiceState> before = ctx.target().service(name);
        String image = Specs.image(p.spec());
        String fingerprint = Specs.fingerprint(p.spec(), ctx.target().imageId(image).orElse(null));
        long parallelism = settings.parallelism() != null ? settings.parallelism()
                : Math.max(1, p.spec().path("UpdateConfig").path("Parallelism").asLong(1));
        boolean hostPorts = Specs.bindsHostPorts(p.spec(), ctx.target().hostNetworks());
        ObjectNode spec = Specs.withFingerprint(Specs.withUpdateConfig(p.spec(), parallelism, hostPorts,
                gateDelay(settings.health()), SWARM_MONITOR), fingerprint);
        String imageId = ctx.target().imageId(image).orElse(null);
        if (imageId != null) {
            ((ObjectNode) spec.path("Labels")).put(Specs.IMAGE_ID_LABEL, imageId);
        }
        long force = before.map(b -> b.spec().path("TaskTemplate").path("ForceUpdate").asLong(0)).orElse(0L);
        if (p.kind() != DeployKind.ROLLBACK && before.isPresent() && before.get().image().equals(image)
                && before.get().label(Specs.IMAGE_ID_LABEL) != null && !before.get().label(Specs.IMAGE_ID_LABEL).equals(imageId)) {
            // the same reference now names another image: Swarm only restarts the tasks when told to
            spec = Specs.withForceUpdate(spec, force + 1);
        } else if (p.kind() != DeployKind.ROLLBACK) {
            // a paused service keeps its failed tasks for an unchanged spec: only a forced update replaces them
            boolean paused = before.isPresent() && before.get().updateState() != null && before.get().updateState().endsWith("paused")
                    && !allReplicasRun(before.get());
            spec = Specs.withForceUpdate(spec, paused ? force + 1 : force);
        }

        Deployment draft = new Deployment(0, ctx.env().name(), p.service(), p.kind(), DeployState.RUNNING, r.actor(), r.reason(),
                before.map(SwarmTarget.ServiceState::image).orElse(null), image,
                before.map(b -> b.label(Specs.FINGERPRINT_LABEL)).orElse(null), fingerprint, Specs.json(spec),
                before.map(b -> Specs.json(b.spec())).orElse(null), before.map(SwarmTarget.ServiceState::version).orElse(null),
                null, ctx.clock().instant(), null, null, null, r.emergency());
        long id = ctx.store().start(draft);
        Recorder rec = new Recorder(ctx.store(), id, ctx.clock(), ctx.progress(), p.service());
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("started", 0L);
        rec.event("started", p.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + before.map(SwarmTarget.ServiceState::image)
                .orElse("(new service)") + " → " + image + (p.note() == null ? "" : " from " + p.note()) + " by " + r.actor()
                + (r.reason() == null ? "" : " (" + r.reason() + ")") + "; " + DeployContext.processTag());

        Outcomes out = new Outcomes(ctx, rec, p, draft, phases);
        java.util.concurrent.atomic.AtomicBoolean sent = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            List<String> failed = new Preflight(ctx, rec).run(p, image, r.emergency());
            phases.put("preflight", rec.elapsedMs());
            if (!failed.isEmpty()) {
                return out.finish(DeployState.FAILED_PREFLIGHT, ExitCode.FINDINGS, "pre-flight gate(s) failed: " + String.join("; ", failed), -1);
            }
            HistoryStore.DeployLock lock;
            try {
                lock = ctx.store().lock(ctx.env().name(), p.service(), DeployContext.owner(r.actor(), id), r.lockWait());
                rec.gate("preflight.lock", ctx.env().name() + "/" + p.service(), true, "held by " + lock.holder());
            } catch (ZerofailException e) {
                rec.gate("preflight.lock", ctx.env().name() + "/" + p.service(), false, e.getMessage());
                return out.finish(DeployState.FAILED_PREFLIGHT, e.exitCode(), e.getMessage(), -1);
            }
            phases.put("locked", rec.elapsedMs());
            try (lock) {
                // another deploy may have changed the service while this one waited for the lock
                before = ctx.target().service(name);
                if (before.isPresent() && fingerprint.equals(before.get().label(Specs.FINGERPRINT_LABEL))
                        && (before.get().updateState() == null || !before.get().updateState().endsWith("paused")
                        || allReplicasRun(before.get()))) {
                    rec.event("noop", "spec and image unchanged (" + fingerprint + "): nothing to do");
                    return out.finish(DeployState.NOOP, ExitCode.OK, null, before.get().version());
                }
                SwarmTarget.ObjectIds ids = ctx.target().ensureObjects(p.objects());
                if (!ids.created().isEmpty()) {
                    rec.event("objects", "created " + String.join(", ", ids.created()));
                }
                ObjectNode send = SwarmSpecs.withObjectIds(spec, ids.secrets(), ids.configs());
                rec.event("updating", (before.isPresent() ? "updating " : "creating ") + name + ": " + parallelism + " at a time, "
                        + (hostPorts ? "stop-first (host ports)" : "start-first") + ", Swarm pauses at a failure");
                RolloutWatch.Snapshot finished = RolloutWatch.snapshot(ctx.target(), name);
                if (before.isPresent()) {
                    ctx.target().update(before.get().id(), before.get().version(), send);
                } else {
                    ctx.target().create(send);
                }
                sent.set(true);
                phases.put("updating", rec.elapsedMs());
                long expected = Math.max(1, spec.path("Mode").path("Replicated").path("Replicas").asLong(1));
                RolloutWatch.Result res = new RolloutWatch(ctx.target(), http, rec).watch(name, settings.health(),
                        settings.health().monitor(), (int) Math.ceil(expected / (double) parallelism), "deploy", finished);
                if (res.ok()) {
                    phases.put("verified", rec.elapsedMs());
                    rec.event("succeeded", "verified: " + res.passed() + " replica(s) healthy, monitored "
                            + Durations.format(settings.health().monitor()));
                    return out.finish(DeployState.SUCCEEDED, ExitCode.OK, null, res.versionAfter());
                }
                phases.put("failed", rec.elapsedMs());
                return rollBackAfterFailure(p, before.map(SwarmTarget.ServiceState::spec).orElse(null), res.failure(), settings,
                        parallelism, hostPorts, out);
            }
        } catch (RuntimeException e) {
            String why = e instanceof ZerofailException z ? z.describe() : e.getClass().getSimpleName();
            if (!sent.get()) {
                try {
                    rec.event("failed", "stopped before anything changed: " + why);
                    out.finish(DeployState.FAILED_PREFLIGHT, e instanceof ZerofailException z ? z.exitCode()
                            : ExitCode.INTERNAL, why, -1);
                } catch (RuntimeException recordFailed) {
                    e.addSuppressed(recordFailed);
                }
            } else {
                // the rollout is out of our sight (Docker or the database went away): leave the row RUNNING
                // so the next deploy, rollback or status recovers it against the real service
                rec.say("lost track of the rollout (" + why + "); it stays RUNNING in the history and the next "
                        + "deploy, rollback or status will finish or roll it back");
            }
            throw e;
        }
    }

    /** Stops the rollout at its first failure: sends the last good spec and waits for it to be healthy by the same gates. */
    DeployOutcome.ServiceOutcome rollBackAfterFailure(Plan p, ObjectNode preDeploySpec, RolloutWatch.Failure failure,
            DeployConfig.ServiceSettings settings, long parallelism, boolean hostPorts, Outcomes out) {
        Recorder rec = out.rec();
        String name = p.spec().path("Name").asText();
        String why = failure.gate() + (failure.taskId() == null ? "" : " [task " + RolloutWatch.shortId(failure.taskId()) + "]")
                + ": " + failure.reason();
        Optional<SwarmTarget.ServiceState> now = ctx.target().service(name);
        ObjectNode good;
        String source;
        try {
            Optional<Deployment> last = ctx.store().lastSucceeded(ctx.env().name(), p.service());
            if (last.isPresent() && last.get().requestedSpecJson() != null) {
                good = Specs.unmasked(Specs.parse(last.get().requestedSpecJson()), withPre(candidates(now, name), preDeploySpec));
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
                    RolloutWatch.sleep(RolloutWatch.POLL);
                }
                rec.event("rolled-back", "removed " + name + ", which did not exist before this deploy");
                out.phases().put("rolled-back", rec.elapsedMs());
                return out.finish(DeployState.ROLLED_BACK, ExitCode.ROLLED_BACK, why, now.get().version());
            }
            if (good == null) {
                return out.finish(DeployState.ROLLBACK_FAILED, ExitCode.ROLLBACK_FAILED, why
                        + "; no spec to roll back to: no recorded success and Swarm no longer has the previous spec", -1);
            }
            SwarmTarget.ObjectIds ids = ctx.target().ensureObjects(List.of());
            ObjectNode send = SwarmSpecs.withObjectIds(Specs.withUpdateConfig(good, parallelism, hostPorts, Duration.ZERO,
                    SWARM_MONITOR), ids.secrets(), ids.configs());
            long expected = Math.max(1, good.path("Mode").path("Replicated").path("Replicas").asLong(1));
            RolloutWatch.Result res = null;
            for (int attempt = 1; attempt <= ROLLBACK_ATTEMPTS; attempt++) {
                SwarmTarget.ServiceState current = ctx.target().service(name).orElse(now.get());
                RolloutWatch.Snapshot finished = RolloutWatch.snapshot(ctx.target(), name);
                if (attempt > 1) {
                    // Swarm paused the rollback's own update: send it again, telling Swarm to replace the tasks
                    send = Specs.withForceUpdate(send, current.spec().path("TaskTemplate").path("ForceUpdate").asLong(0) + 1);
                    rec.event("rollback-retry", "Swarm paused the rollback (" + res.failure().reason() + "); sending it again, attempt "
                            + attempt + " of " + ROLLBACK_ATTEMPTS);
                }
                ctx.target().update(current.id(), current.version(), send);
                res = new RolloutWatch(ctx.target(), http, rec).tolerant().watch(name, settings.health(), Duration.ZERO,
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

    /** Specs Swarm still holds with real values, to restore masked environment values of a recorded spec. */
    List<JsonNode> candidates(Optional<SwarmTarget.ServiceState> now, String name) {
        List<JsonNode> out = new ArrayList<>();
        now.ifPresent(s -> {
            out.add(s.spec());
            out.add(s.previousSpec());
            ctx.target().tasks(s.id()).forEach(t -> out.add(t.spec()));
        });
        return out;
    }

    private static List<JsonNode> withPre(List<JsonNode> c, ObjectNode pre) {
        List<JsonNode> out = new ArrayList<>(c);
        out.add(0, pre);
        return out;
    }

    /** A paused update whose every wanted replica runs the current spec has nothing left to do. */
    private boolean allReplicasRun(SwarmTarget.ServiceState svc) {
        List<SwarmTarget.TaskState> live = ctx.target().tasks(svc.id()).stream()
                .filter(t -> t.desiredState().equals("running") && !t.terminal()).toList();
        return !live.isEmpty() && live.size() == Math.max(1, svc.replicas()) && live.stream().allMatch(t -> t.state().equals("running")
                && RolloutWatch.sameSpec(t.spec(), svc.spec().path("TaskTemplate")));
    }

    /** Swarm waits this long after each batch, so zerofail's HTTP gate has judged the new task before the next is touched. */
    static Duration gateDelay(DeployConfig.Health h) {
        long ms = 0;
        for (DeployConfig.HttpCheck c : h.http()) {
            ms = Math.max(ms, c.interval().toMillis() * (c.consecutive() + 1));
        }
        return Duration.ofMillis(ms);
    }

    Path projectDir() {
        return ctx.projectDir();
    }

    HttpClient http() {
        return http;
    }

    DeployContext context() {
        return ctx;
    }

    static Clock clock(DeployContext c) {
        return c.clock();
    }
}
