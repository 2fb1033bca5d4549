package dev.zerofail.deploy;

import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.GateResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code verify} (every gate against what runs now, nothing recorded) and {@code status} (what runs, and the record). */
public final class Inspector {
    private final DeployContext ctx;
    private final HealthHttp http = HealthHttp.lazy();

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

    public List<ServiceStatus> status() {
        ctx.target().ping();
        List<Deployment> running = ctx.store().running();
        List<String> services = ctx.services(null);
        // each service is a few Engine API calls and a query, independent of the others: at most 8 at a
        // time, so ten services cost about what two do; the order of the answer is the compose file's
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(8, services.size())), r -> {
                    Thread t = new Thread(r, "zerofail-status");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<java.util.concurrent.Future<ServiceStatus>> futures = new ArrayList<>();
            for (String svc : services) {
                futures.add(pool.submit(() -> status(svc, running)));
            }
            List<ServiceStatus> out = new ArrayList<>();
            for (java.util.concurrent.Future<ServiceStatus> f : futures) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the services", e);
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private ServiceStatus status(String svc, List<Deployment> running) {
        String name = ctx.serviceName(svc);
        Deployment last = ctx.store().list(ctx.env().name(), svc, null, 5).stream()
                .filter(d -> d.state() != DeployState.RUNNING).findFirst().orElse(null);
        Deployment now = running.stream().filter(d -> d.environment().equals(ctx.env().name()) && d.service().equals(svc))
                .findFirst().orElse(null);
        Optional<Swarm.ServiceState> s = ctx.target().service(name);
        if (s.isEmpty()) {
            return new ServiceStatus(svc, name, false, null, 0, 0, 0, null, DeploymentRecord.of(last), DeploymentRecord.of(now));
        }
        List<Swarm.TaskState> tasks = ctx.target().tasks(s.get().id()).stream()
                .filter(t -> t.desiredState().equals("running") && t.state().equals("running")).toList();
        long healthy = tasks.stream().map(t -> ctx.target().containerHealth(t.containerId()))
                .filter(h -> h == null || h.equals("healthy") || h.equals("none")).count();
        return new ServiceStatus(svc, name, true, s.get().image(), s.get().replicas(), tasks.size(), healthy,
                s.get().updateState(), DeploymentRecord.of(last), DeploymentRecord.of(now));
    }

    /** Status starts with recovery, like deploy and rollback: a dead deploy's RUNNING row is finished first. */
    public List<DeployOutcome.ServiceOutcome> recover() {
        ctx.target().ping();
        return new Recovery(ctx, http).recover();
    }
}
