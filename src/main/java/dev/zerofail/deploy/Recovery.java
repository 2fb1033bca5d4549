package dev.zerofail.deploy;

import dev.zerofail.core.ExitCode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash safety. A deployment still marked RUNNING whose process is gone (killed mid-deploy) is
 * finished by the next deploy, rollback or status: if the service runs the requested spec and passes
 * the health gate the record is completed (SUCCEEDED); if it runs the requested spec and fails, it is
 * rolled back to the last good spec; if the update never reached Swarm, the record says so
 * (INTERRUPTED). The dead process's lock is free at once on this host (the store sees its pid is
 * gone) or on PostgreSQL (the session ended); otherwise the SQLite lease is waited out.
 */
final class Recovery {
    /** Longer than the SQLite lock lease, for a lock row that does not name its process (written before V2). */
    static final Duration DEAD_LOCK_WAIT = Duration.ofSeconds(40);
    private static final java.util.Set<String> SWARM_BUSY = java.util.Set.of("updating", "rollback_started");
    private static final Pattern PROCESS = Pattern.compile("pid (\\d+) on (\\S+)");
    private final DeployContext ctx;
    private final java.util.function.Supplier<HttpClient> http;

    Recovery(DeployContext ctx, java.util.function.Supplier<HttpClient> http) {
        this.ctx = ctx;
        this.http = http;
    }

    List<DeployOutcome.ServiceOutcome> recover() {
        List<DeployOutcome.ServiceOutcome> out = new ArrayList<>();
        for (Deployment d : ctx.store().running()) {
            if (!d.environment().equals(ctx.env().name())) {
                continue;
            }
            Optional<Matcher> proc = ctx.store().events(d.id()).stream().map(DeployEvent::message).map(PROCESS::matcher)
                    .filter(Matcher::find).findFirst();
            boolean here = proc.isPresent() && proc.get().group(2).equals(DeployContext.host());
            if (here && ProcessHandle.of(Long.parseLong(proc.get().group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                continue; // still running in another process on this machine
            }
            HistoryStore.DeployLock lock;
            try {
                ctx.progress().line(d.service() + ": deployment " + d.id() + " was left RUNNING by a process that is gone"
                        + (here ? "; waiting for its lock" : "") + " — recovering");
                lock = ctx.store().lock(d.environment(), d.service(), DeployContext.owner("recovery", d.id()),
                        here ? DEAD_LOCK_WAIT : Duration.ZERO);
            } catch (ZerofailException e) {
                ctx.progress().line(d.service() + ": deployment " + d.id() + " is still running elsewhere (" + e.getMessage() + ")");
                continue;
            }
            try (lock) {
                out.add(recoverOne(d));
            }
        }
        return out;
    }

    /**
     * The dead process may have died mid-update (its lock is taken over at once now): let Swarm
     * finish or pause what it was doing before judging, at most as long as the lease wait used to
     * take. Judging mid-update sent the rollback into a rollout Swarm was still running, and the
     * old and new tasks then fought over their host ports (DeployRecoveryIT on a real Swarm).
     */
    private Optional<Swarm.ServiceState> settled(String name, Optional<Swarm.ServiceState> svc) {
        long deadline = ctx.clock().millis() + DEAD_LOCK_WAIT.toMillis();
        while (svc.isPresent() && SWARM_BUSY.contains(String.valueOf(svc.get().updateState()))
                && ctx.clock().millis() < deadline) {
            ctx.pause(Duration.ofSeconds(1));
            svc = ctx.target().service(name);
        }
        return svc;
    }

    private DeployOutcome.ServiceOutcome recoverOne(Deployment d) {
        Recorder rec = new Recorder(ctx.store(), d.id(), ctx.clock(), ctx.progress(), d.service());
        Map<String, Long> phases = new LinkedHashMap<>();
        ObjectNode requested = d.requestedSpecJson() == null ? null : Specs.parse(d.requestedSpecJson());
        String name = requested != null ? requested.path("Name").asText() : ctx.serviceName(d.service());
        Deployer.Plan plan = new Deployer.Plan(d.service(), requested != null ? requested : Specs.parse("{\"Name\":\"" + name + "\"}"),
                List.of(), d.kind(), "recovery");
        Outcomes out = new Outcomes(ctx, rec, plan, d, phases);
        Optional<Swarm.ServiceState> svc = ctx.target().service(name);
        rec.event("recovering", "the process that ran this deployment is gone; " + Outcomes.runningNow(ctx.target(), name));
        if (svc.isEmpty() || d.toSpecFingerprint() == null || !d.toSpecFingerprint().equals(svc.get().label(Specs.FINGERPRINT_LABEL))) {
            rec.event("interrupted", "the requested spec never reached Swarm; nothing changed");
            return out.finish(DeployState.INTERRUPTED, ExitCode.OK, "interrupted before the update was sent; recovered", svc.map(
                    Swarm.ServiceState::version).orElse(-1L));
        }
        svc = settled(name, svc);
        DeployConfig.ServiceSettings settings = ctx.env().service(d.service());
        long parallelism = Math.max(1, svc.get().spec().path("UpdateConfig").path("Parallelism").asLong(1));
        long expected = Math.max(1, svc.get().replicas());
        // a drill's variant is failing by design: whatever its tasks say now, what ran before it goes back
        RolloutWatch.Result res = d.kind() == DeployKind.DRILL
                ? new RolloutWatch.Result(new RolloutWatch.Failure("drill-interrupted", null,
                        "the drill's process is gone; restoring the spec from before the drill", null), 0, svc.get().version())
                : new RolloutWatch(ctx, http.get(), rec).watch(name, settings.health(), Duration.ZERO,
                        (int) Math.ceil(expected / (double) parallelism), "recovery");
        if (res.ok()) {
            rec.event("succeeded", "completed by recovery: the requested spec runs and " + res.passed() + " replica(s) are healthy");
            return out.finish(DeployState.SUCCEEDED, ExitCode.OK, null, res.versionAfter());
        }
        ObjectNode pre = null;
        if (d.previousSpecJson() != null) {
            try {
                pre = Specs.unmasked(Specs.parse(d.previousSpecJson()), Rollback.candidates(ctx, svc));
            } catch (ZerofailException e) {
                pre = svc.get().previousSpec();
            }
        }
        boolean hostPorts = Specs.bindsHostPorts(svc.get().spec(), ctx.target().hostNetworks());
        return new Rollback(ctx, http.get()).afterFailure(plan, pre, res.failure(), settings, parallelism, hostPorts, out);
    }
}
