package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmObject;
import dev.zerofail.compose.SwarmSpecs;
import dev.zerofail.core.Durations;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Health-gated deploys and rollbacks of a stack's services to Swarm. Per service: a history row
 * from the start, the pre-flight gates, the lock, a no-op when nothing changed, the update with
 * Swarm set to pause at a failure, zerofail's own watch of every new task, and at the first failure
 * an update back to the last good spec it recorded, watched by the same gates.
 */
public final class Deployer {
    /** The update's Monitor for Swarm: short, because zerofail watches for longer itself. */
    static final Duration SWARM_MONITOR = Duration.ofSeconds(1);

    private final DeployContext ctx;
    private final HealthHttp http = HealthHttp.warming();

    public Deployer(DeployContext ctx) {
        this.ctx = ctx;
    }

    /** {@code service} null means every service of the compose file, in file order; {@code image} needs one service. */
    /** {@code commitSha}/{@code commitAt}: the commit shipped and its time, when known (change lead time in stats). */
    public record Request(String service, String image, String tag, Duration lockWait, String actor, String reason,
            boolean emergency, String commitSha, java.time.Instant commitAt) {
        public Request(String service, String image, String tag, Duration lockWait, String actor, String reason,
                boolean emergency) {
            this(service, image, tag, lockWait, actor, reason, emergency, null, null);
        }

        public Request withCommit(String sha, java.time.Instant at) {
            return new Request(service, image, tag, lockWait, actor, reason, emergency, sha, at);
        }
    }

    public DeployOutcome deploy(Request r) {
        ctx.target().ping();
        List<DeployOutcome.ServiceOutcome> recovered = new Recovery(ctx, http).recover();
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

    /**
     * A rollback drill of each chosen service: its current Swarm spec with a failing healthcheck
     * ({@link Drills#variant}), deployed like a deploy (record, lock, watch) so zerofail must detect it
     * and restore the spec that ran before. Exit 0 when it did; see docs/deploy.md for the rest.
     * Every service must run now; production-like environments need {@code allowProduction}.
     */
    public DeployOutcome drill(Request r, boolean allowProduction) {
        if (Drills.production(ctx.env().name()) && !allowProduction) {
            throw ZerofailException.usage("--env " + ctx.env().name(), "'" + ctx.env().name() + "' looks like production, and a drill "
                    + "puts a failing task into it for a few seconds", "drill staging, or add --allow-production to drill it anyway");
        }
        ctx.target().ping();
        List<DeployOutcome.ServiceOutcome> recovered = new Recovery(ctx, http).recover();
        Map<String, Swarm.ServiceState> current = new LinkedHashMap<>();
        for (String svc : ctx.services(r.service())) {
            current.put(svc, ctx.target().service(ctx.serviceName(svc)).orElseThrow(() -> ZerofailException.usage("--service " + svc,
                    "Swarm runs no service " + ctx.serviceName(svc) + ": a drill varies what runs, so there is nothing to drill",
                    "deploy it first: zerofail deploy --env " + ctx.env().name() + " --service " + svc)));
        }
        List<DeployOutcome.ServiceOutcome> out = new ArrayList<>();
        for (Map.Entry<String, Swarm.ServiceState> e : current.entrySet()) {
            DeployOutcome.Drill.Healthcheck hc = Drills.own(ctx.target(), e.getValue());
            ObjectNode variant = Drills.variant(e.getValue().spec());
            DeployOutcome.ServiceOutcome o = run(new Plan(e.getKey(), variant, List.of(), DeployKind.DRILL,
                    "a drill: healthcheck " + (hc == DeployOutcome.Drill.Healthcheck.REPLACED ? "replaced by" : "added,") + " exit 1"), r);
            o = o.withDrill(Drills.figures(ctx, o, hc));
            out.add(o);
            if (o.exitCode() != ExitCode.OK) {
                ctx.progress().line("stopping: " + (current.size() - out.size()) + " service(s) after " + e.getKey() + " not drilled");
                break;
            }
        }
        return new DeployOutcome(ctx.env().name(), "drill", recovered, out);
    }

    /** {@code to}: {@code previous} (default), a deployment id, or an image tag some recorded success deployed. */
    public DeployOutcome rollback(String service, String to, Request r) {
        ctx.target().ping();
        List<DeployOutcome.ServiceOutcome> recovered = new Recovery(ctx, http).recover();
        List<DeployOutcome.ServiceOutcome> out = new ArrayList<>();
        for (String svc : ctx.services(service)) {
            Deployment target = rollbackTarget(svc, to == null ? "previous" : to);
            String name = ctx.serviceName(svc);
            Optional<Swarm.ServiceState> now = ctx.target().service(name);
            ObjectNode spec = Specs.unmasked(Specs.parse(target.requestedSpecJson()), Rollback.candidates(ctx, now));
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

    /**
     * One service, top to bottom: prepare the spec to send, record the deployment, check the
     * pre-flight gates, take the lock, then apply and watch (rolling back at the first failure).
     */
    DeployOutcome.ServiceOutcome run(Plan p, Request r) {
        Prepared prep = prepare(p);
        Outcomes out = record(p, prep, r);
        AtomicBoolean sent = new AtomicBoolean();
        try {
            List<String> failed = p.kind() == DeployKind.DRILL ? new Preflight(ctx, out.rec()).drill(p, http.get())
                    : new Preflight(ctx, out.rec()).run(p, prep.image(), r.emergency());
            out.phases().put("preflight", out.rec().elapsedMs());
            if (!failed.isEmpty()) {
                return out.finish(DeployState.FAILED_PREFLIGHT, ExitCode.FINDINGS, "pre-flight gate(s) failed: " + String.join("; ", failed), -1);
            }
            HistoryStore.DeployLock lock;
            try {
                lock = lock(p, r, out);
            } catch (ZerofailException e) {
                return out.finish(DeployState.FAILED_PREFLIGHT, e.exitCode(), e.getMessage(), -1);
            }
            try (lock) {
                return applyAndWatch(p, prep, out, sent);
            }
        } catch (RuntimeException e) {
            throw stopped(e, sent.get(), out);
        }
    }

    /**
     * The spec as it will be sent (without object IDs): update settings, the fingerprint and image ID
     * labels, and a forced update where Swarm would otherwise not replace the tasks.
     */
    record Prepared(String name, DeployConfig.ServiceSettings settings, Optional<Swarm.ServiceState> before, String image,
            String fingerprint, long parallelism, boolean hostPorts, ObjectNode spec) {
    }

    private Prepared prepare(Plan p) {
        String name = p.spec().path("Name").asText();
        DeployConfig.ServiceSettings settings = ctx.env().service(p.service());
        Optional<Swarm.ServiceState> before = ctx.target().service(name);
        String image = Specs.image(p.spec());
        String imageId = ctx.target().imageId(image).orElse(null);
        String fingerprint = Specs.fingerprint(p.spec(), imageId);
        long parallelism = settings.parallelism() != null ? settings.parallelism()
                : Math.max(1, p.spec().path("UpdateConfig").path("Parallelism").asLong(1));
        boolean hostPorts = Specs.bindsHostPorts(p.spec(), ctx.target().hostNetworks())
                || p.kind() == DeployKind.DRILL && Drills.keptStopFirst(p.spec());
        ObjectNode spec = Specs.withFingerprint(Specs.withUpdateConfig(p.spec(), parallelism, hostPorts,
                gateDelay(settings.health()), SWARM_MONITOR), fingerprint);
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
        return new Prepared(name, settings, before, image, fingerprint, parallelism, hostPorts, spec);
    }

    /** The history row (RUNNING) before anything changes, and its first event naming this process (for crash recovery). */
    private Outcomes record(Plan p, Prepared prep, Request r) {
        Optional<Swarm.ServiceState> before = prep.before();
        Deployment draft = new Deployment(0, ctx.env().name(), p.service(), p.kind(), DeployState.RUNNING, r.actor(), r.reason(),
                before.map(Swarm.ServiceState::image).orElse(null), prep.image(),
                before.map(b -> b.label(Specs.FINGERPRINT_LABEL)).orElse(null), prep.fingerprint(), Specs.json(prep.spec()),
                before.map(b -> Specs.json(b.spec())).orElse(null), before.map(Swarm.ServiceState::version).orElse(null),
                null, ctx.clock().instant(), null, null, null, r.emergency(),
                p.kind() == DeployKind.ROLLBACK ? null : r.commitSha(), p.kind() == DeployKind.ROLLBACK ? null : r.commitAt());
        long id = ctx.store().start(draft);
        Recorder rec = new Recorder(ctx.store(), id, ctx.clock(), ctx.progress(), p.service());
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("started", 0L);
        rec.event("started", p.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + before.map(Swarm.ServiceState::image)
                .orElse("(new service)") + " → " + prep.image() + (p.note() == null ? "" : " from " + p.note()) + " by " + r.actor()
                + (r.reason() == null ? "" : " (" + r.reason() + ")") + "; " + DeployContext.processTag());
        return new Outcomes(ctx, rec, p, draft, phases);
    }

    /** The (environment, service) lock, recorded as the gate {@code preflight.lock}; throws exit 3 when it is held. */
    private HistoryStore.DeployLock lock(Plan p, Request r, Outcomes out) {
        Recorder rec = out.rec();
        try {
            HistoryStore.DeployLock lock = ctx.store().lock(ctx.env().name(), p.service(), DeployContext.owner(r.actor(), rec.id()),
                    r.lockWait());
            rec.gate("preflight.lock", ctx.env().name() + "/" + p.service(), true, "held by " + lock.holder());
            out.phases().put("locked", rec.elapsedMs());
            return lock;
        } catch (ZerofailException e) {
            rec.gate("preflight.lock", ctx.env().name() + "/" + p.service(), false, e.getMessage());
            throw e;
        }
    }

    /** Under the lock: the no-op check, the update, the watch, and at the first failure the rollback. */
    private DeployOutcome.ServiceOutcome applyAndWatch(Plan p, Prepared prep, Outcomes out, AtomicBoolean sent) {
        Recorder rec = out.rec();
        String name = prep.name();
        // another deploy may have changed the service while this one waited for the lock
        Optional<Swarm.ServiceState> before = ctx.target().service(name);
        if (before.isPresent() && prep.fingerprint().equals(before.get().label(Specs.FINGERPRINT_LABEL))
                && (before.get().updateState() == null || !before.get().updateState().endsWith("paused")
                || allReplicasRun(before.get()))) {
            rec.event("noop", "spec and image unchanged (" + prep.fingerprint() + "): nothing to do");
            return out.finish(DeployState.NOOP, ExitCode.OK, null, before.get().version());
        }
        Swarm.ObjectIds ids = ctx.target().ensureObjects(p.objects());
        if (!ids.created().isEmpty()) {
            rec.event("objects", "created " + String.join(", ", ids.created()));
        }
        ObjectNode send = SwarmSpecs.withObjectIds(prep.spec(), ids.secrets(), ids.configs());
        rec.event("updating", (before.isPresent() ? "updating " : "creating ") + name + ": " + prep.parallelism() + " at a time, "
                + (prep.hostPorts() ? "stop-first (host ports)" : "start-first") + ", Swarm pauses at a failure");
        RolloutWatch.Snapshot finished = RolloutWatch.snapshot(ctx.target(), name);
        // what a rollback would go back to, read while the new tasks are judged rather than after the verdict
        java.util.concurrent.CompletableFuture<Optional<Deployment>> lastGood = Rollback.lastGood(ctx, p);
        if (before.isPresent()) {
            ctx.target().update(before.get().id(), before.get().version(), send);
        } else {
            ctx.target().create(send);
        }
        sent.set(true);
        out.phases().put("updating", rec.elapsedMs());
        DeployConfig.Health health = prep.settings().health();
        long expected = Math.max(1, prep.spec().path("Mode").path("Replicated").path("Replicas").asLong(1));
        RolloutWatch.Result res = new RolloutWatch(ctx, http.get(), rec).watch(name, health, health.monitor(),
                (int) Math.ceil(expected / (double) prep.parallelism()), "deploy", finished);
        if (res.ok() && p.kind() == DeployKind.DRILL) {
            // the failing variant passed every gate: the drill failed, and what ran before goes back all the same
            out.phases().put("undetected", rec.elapsedMs());
            rec.event("drill-undetected", "the failing variant passed every gate: zerofail did not detect it");
            return new Rollback(ctx, http.get()).afterFailure(p, before.map(Swarm.ServiceState::spec).orElse(null),
                    new RolloutWatch.Failure("drill-undetected", null, "the drill's failing variant was not detected", null),
                    prep.settings(), prep.parallelism(), prep.hostPorts(), out);
        }
        if (res.ok()) {
            out.phases().put("verified", rec.elapsedMs());
            rec.event("succeeded", "verified: " + res.passed() + " replica(s) healthy, monitored " + Durations.format(health.monitor()));
            return out.finish(DeployState.SUCCEEDED, ExitCode.OK, null, res.versionAfter());
        }
        out.phases().put("failed", rec.elapsedMs());
        if (p.kind() == DeployKind.DRILL) {
            Drills.recordFirstFailedCheck(ctx, rec, name, res.failure());
        }
        return new Rollback(ctx, http.get()).afterFailure(p, lastGood, before.map(Swarm.ServiceState::spec).orElse(null), res.failure(),
                prep.settings(), prep.parallelism(), prep.hostPorts(), out);
    }

    /**
     * An exception on the way: before the update was sent the record says nothing changed; after it,
     * the rollout is out of sight (Docker or the database went away) and the row stays RUNNING so the
     * next deploy, rollback or status recovers it against the real service.
     */
    private RuntimeException stopped(RuntimeException e, boolean sent, Outcomes out) {
        Recorder rec = out.rec();
        String why = e instanceof ZerofailException z ? z.describe() : e.getClass().getSimpleName();
        if (!sent) {
            try {
                rec.event("failed", "stopped before anything changed: " + why);
                out.finish(DeployState.FAILED_PREFLIGHT, e instanceof ZerofailException z ? z.exitCode() : ExitCode.INTERNAL, why, -1);
            } catch (RuntimeException recordFailed) {
                e.addSuppressed(recordFailed);
            }
        } else {
            rec.say("lost track of the rollout (" + why + "); it stays RUNNING in the history and the next "
                    + "deploy, rollback or status will finish or roll it back");
        }
        return e;
    }

    /** A paused update whose every wanted replica runs the current spec has nothing left to do. */
    private boolean allReplicasRun(Swarm.ServiceState svc) {
        List<Swarm.TaskState> live = ctx.target().tasks(svc.id()).stream()
                .filter(t -> t.desiredState().equals("running") && !t.terminal()).toList();
        return !live.isEmpty() && live.size() == Math.max(1, svc.replicas()) && live.stream().allMatch(t -> t.state().equals("running")
                && RolloutWatch.sameSpec(t.spec(), svc.spec().path("TaskTemplate")));
    }

    /**
     * Swarm waits this long after each batch, so zerofail's HTTP gate has judged the new task before the next is touched:
     * the requests a pass ({@code consecutive}) or a failure ({@code retries}, the first of which is at the start) needs,
     * and one interval to spare.
     */
    static Duration gateDelay(DeployConfig.Health h) {
        long ms = 0;
        for (DeployConfig.HttpCheck c : h.http()) {
            ms = Math.max(ms, c.interval().toMillis() * (Math.max(c.consecutive(), c.retries() - 1) + 1));
        }
        return Duration.ofMillis(ms);
    }

}
