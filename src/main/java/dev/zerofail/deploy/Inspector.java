package dev.zerofail.deploy;

import dev.zerofail.core.Futures;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.GateResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code verify} (every gate against what runs now, nothing recorded) and {@code status} (what runs, and the record). */
public final class Inspector {
    private final DeployContext ctx;
    private final HealthHttp http = HealthHttp.lazy();
    private boolean pinged;

    public Inspector(DeployContext ctx) {
        this.ctx = ctx;
    }

    /**
     * One gate's verdict: {@code target} is what it checked (a task id, a Prometheus query), null for
     * the whole service; {@code slot} the replica slot when the target is a task Swarm still lists.
     */
    public record Check(String service, String gate, Integer slot, String target, boolean passed, String detail) {
    }

    public List<Check> verify(String only) {
        ctx.target().ping();
        List<Check> out = new ArrayList<>();
        for (String svc : ctx.services(only)) {
            String name = ctx.serviceName(svc);
            Optional<Swarm.ServiceState> s = ctx.target().service(name);
            if (s.isEmpty()) {
                out.add(new Check(svc, "service", null, null, false, name + " is not deployed"));
                continue;
            }
            DeployConfig.ServiceSettings settings = ctx.env().service(svc);
            Recorder rec = new Recorder(null, 0, ctx.clock(), ctx.progress(), svc);
            RolloutWatch.Result res = new RolloutWatch(ctx, http.get(), rec).watch(name, settings.health(), Duration.ZERO,
                    1, "verify");
            List<Swarm.TaskState> tasks = ctx.target().tasks(s.get().id());
            for (GateResult g : rec.gates()) {
                out.add(new Check(svc, g.gate(), slot(g.target(), tasks), g.target(), g.passed(), g.detail()));
            }
            if (!res.ok() && rec.gates().stream().allMatch(GateResult::passed)) {
                out.add(new Check(svc, res.failure().gate(), slot(res.failure().taskId(), tasks), res.failure().taskId(), false,
                        res.failure().reason()));
            }
        }
        return out;
    }

    private static Integer slot(String taskId, List<Swarm.TaskState> tasks) {
        return taskId == null ? null : tasks.stream().filter(t -> t.id().equals(taskId)).findFirst()
                .map(Swarm.TaskState::slot).orElse(null);
    }

    /** One service now: what Swarm runs, how many replicas are healthy, and its record (last finished, and running). */
    public record ServiceStatus(String service, String swarmName, boolean deployed, String image, long desired, long running,
            long healthy, String updateState, DeploymentRecord last, DeploymentRecord inProgress) {
    }

    /**
     * Every service of the environment, in the compose file's order: three Engine API calls for all of them
     * (the services by name, the tasks Swarm wants running, the containers not healthy) while a second
     * thread reads their history (the deployments in progress, then each service's last finished one).
     */
    public List<ServiceStatus> status() {
        ping();
        List<String> services = ctx.services(null);
        CompletableFuture<Map<String, Records>> history = CompletableFuture.supplyAsync(() -> history(services),
                Futures.daemonThreads("zerofail-status-history"));
        Map<String, Swarm.ServiceState> found;
        Map<String, List<Swarm.TaskState>> running;
        Set<String> notHealthy;
        try {
            found = ctx.target().services(services.stream().map(ctx::serviceName).toList());
            running = new HashMap<>();
            ctx.target().desiredRunning(found.values().stream().map(Swarm.ServiceState::id).toList()).forEach((id, tasks) ->
                    running.put(id, tasks.stream().filter(t -> t.state().equals("running")).toList()));
            notHealthy = ctx.target().notHealthy(running.values().stream().flatMap(List::stream)
                    .map(Swarm.TaskState::containerId).filter(Objects::nonNull).toList());
        } catch (RuntimeException e) {
            history.exceptionally(x -> null).join(); // the caller closes the store next: not under a query
            throw e;
        }
        Map<String, Records> records = Futures.join(history);
        List<ServiceStatus> out = new ArrayList<>();
        for (String svc : services) {
            String name = ctx.serviceName(svc);
            DeploymentRecord last = DeploymentRecord.of(records.get(svc).last());
            DeploymentRecord now = DeploymentRecord.of(records.get(svc).now());
            Swarm.ServiceState s = found.get(name);
            if (s == null) {
                out.add(new ServiceStatus(svc, name, false, null, 0, 0, 0, null, last, now));
                continue;
            }
            List<Swarm.TaskState> up = running.get(s.id());
            long healthy = up.stream().filter(t -> !notHealthy.contains(t.containerId())).count();
            out.add(new ServiceStatus(svc, name, true, s.image(), s.replicas(), up.size(), healthy, s.updateState(), last, now));
        }
        return out;
    }

    /** A service's last finished deployment and the one running now (either null). */
    private record Records(Deployment last, Deployment now) {
    }

    private Map<String, Records> history(List<String> services) {
        String env = ctx.env().name();
        List<Deployment> running = ctx.store().running();
        Map<String, Records> out = new HashMap<>();
        for (String svc : services) {
            Deployment last = ctx.store().list(env, svc, null, 5).stream().filter(d -> d.state() != DeployState.RUNNING)
                    .findFirst().orElse(null);
            Deployment now = running.stream().filter(d -> d.environment().equals(env) && d.service().equals(svc)).findFirst()
                    .orElse(null);
            out.put(svc, new Records(last, now));
        }
        return out;
    }

    /** The daemon answers and is a swarm manager: checked once per inspector (recovery, then status, then each --watch). */
    private void ping() {
        if (!pinged) {
            ctx.target().pingToRead();
            pinged = true;
        }
    }

    /** Status starts with recovery, like deploy and rollback: a dead deploy's RUNNING row is finished first. */
    public List<DeployOutcome.ServiceOutcome> recover() {
        ping();
        return new Recovery(ctx, http).recover();
    }
}
