package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.core.Durations;
import dev.zerofail.core.Sleeper;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Watches a service after its spec was sent until every task of the new spec passed the health
 * gate and stayed healthy for the monitor window, or until the first failure of any of them.
 * A task belongs to the new spec when its spec equals the service's TaskTemplate, which is how Swarm
 * itself tells which tasks are up to date. Tasks are polled every {@link #POLL}; between polls the HTTP
 * checks send and read on their own interval.
 */
final class RolloutWatch {
    static final Duration POLL = Duration.ofMillis(150);
    /** While an HTTP check's request is out, its answer is looked for this often between polls. */
    static final Duration ANSWER_STEP = Duration.ofMillis(5);
    private final Swarm target;
    private final HttpClient http;
    private final Recorder rec;
    private final Clock clock;
    private final Sleeper sleeper;
    private boolean tolerant;
    private java.util.function.BiConsumer<JsonNode, List<Swarm.TaskState>> onPoll = (template, tasks) -> { };

    /** Time comes from {@code clock} and waits go through {@code sleeper}, so a test drives the watch on simulated time. */
    RolloutWatch(Swarm target, HttpClient http, Recorder rec, Clock clock, Sleeper sleeper) {
        this.target = target;
        this.http = http;
        this.rec = rec;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    RolloutWatch(DeployContext ctx, HttpClient http, Recorder rec) {
        this(ctx.target(), http, rec, ctx.clock(), ctx.sleeper());
    }

    /**
     * For a rollback: a failing task is recorded but does not end the watch, because Swarm may
     * replace it (a restart of the failed task racing the update is common); only the deadline or
     * Swarm pausing the update does.
     */
    RolloutWatch tolerant() {
        this.tolerant = true;
        return this;
    }

    /** Called on every poll with the service's TaskTemplate and its tasks, before they are judged. */
    RolloutWatch onPoll(java.util.function.BiConsumer<JsonNode, List<Swarm.TaskState>> hook) {
        this.onPoll = hook;
        return this;
    }

    /** The first failure: which gate, which task (null for the service), why, and the container's exit code. */
    record Failure(String gate, String taskId, String reason, Integer exitCode) {
    }

    record Result(Failure failure, int passed, long versionAfter) {
        boolean ok() {
            return failure == null;
        }
    }

    private static final class Watched {
        final Swarm.TaskState first;
        final long seenNanos;
        final List<HttpGate> http = new ArrayList<>();
        Swarm.TaskState now;
        boolean passed;
        boolean failed;

        Watched(Swarm.TaskState t, long seen) {
            this.first = t;
            this.now = t;
            this.seenNanos = seen;
        }
    }

    /**
     * Ids of the service's tasks that are over (or being stopped) now; taken before an update is sent,
     * so an old task of an equal spec (from an earlier rollout) is not mistaken for a new one.
     */
    static Snapshot snapshot(Swarm target, String service) {
        Optional<Swarm.ServiceState> s = target.service(service);
        return s.isPresent() ? snapshot(target, s.get()) : new Snapshot(java.util.Set.of(), null);
    }

    /** The same, for a service just read (one call fewer on the way to an update). */
    static Snapshot snapshot(Swarm target, Swarm.ServiceState svc) {
        return snapshot(svc, target.tasks(svc.id()));
    }

    /** The same, from its tasks just read. */
    static Snapshot snapshot(Swarm.ServiceState svc, List<Swarm.TaskState> tasks) {
        java.util.Set<String> out = new java.util.HashSet<>();
        // desired "ready" is a task Swarm has yet to start (stop-first holds the new one there), not one being stopped
        tasks.stream().filter(t -> t.terminal() || t.desiredState().equals("shutdown") || t.desiredState().equals("remove"))
                .forEach(t -> out.add(t.id()));
        return new Snapshot(out, svc.updateStartedAt());
    }

    /**
     * The service before an update: its finished tasks, and when its last update started, because
     * Swarm sets the new update's status a moment after accepting it and a "paused" from an earlier
     * update must not be read as this one's.
     */
    record Snapshot(java.util.Set<String> finished, String updateStartedAt) {
    }

    /** A snapshot marker: no update was sent, so Swarm's update state neither fails nor delays the verdict. */
    private static final String JUDGE_ONLY = "judge-only";

    Result watch(String service, DeployConfig.Health health, Duration monitor, int batches, String what) {
        // nothing was sent: what runs is judged by its tasks; a paused update of Swarm's is not itself a failure
        return watch(service, health, monitor, batches, what, new Snapshot(snapshot(target, service).finished(), JUDGE_ONLY));
    }

    Result watch(String service, DeployConfig.Health health, Duration monitor, int batches, String what, Snapshot before) {
        java.util.Set<String> finishedBefore = before.finished();
        long start = nanos();
        long deadline = start + health.timeout().toNanos() * Math.max(1, batches) + monitor.toNanos() + Duration.ofSeconds(30).toNanos();
        Map<String, Watched> watched = new LinkedHashMap<>();
        PrometheusGate prom = health.prometheus() == null ? null : new PrometheusGate(health.prometheus(), http);
        long allPassedAt = -1;
        long versionAfter = -1;
        // a rollback wants the old version healthy, and verify judges what runs: a task of the spec that
        // differs only by ForceUpdate (a rollback Swarm paused was sent again forced, after a task of the
        // first send had won the host port) is that version. A deploy forces an update to replace tasks
        // whose image changed under the same reference, so there the old ones never count.
        boolean anyForce = tolerant || JUDGE_ONLY.equals(before.updateStartedAt());
        try {
            while (true) {
                long now = nanos();
                Swarm.ServiceState svc = target.service(service).orElse(null);
                if (svc == null) {
                    return new Result(new Failure("service", null, "service " + service + " disappeared during the " + what, null), 0, -1);
                }
                versionAfter = svc.version();
                JsonNode template = svc.spec().path("TaskTemplate");
                List<Swarm.TaskState> tasks = target.tasks(svc.id());
                onPoll.accept(template, tasks);
                long expected = svc.replicas() > 0 ? svc.replicas()
                        : tasks.stream().filter(t -> t.desiredState().equals("running")).count();
                for (Swarm.TaskState t : tasks) {
                    if (finishedBefore.contains(t.id()) || !sameSpec(t.spec(), template, anyForce)) {
                        continue;
                    }
                    Watched w = watched.get(t.id());
                    if (w == null) {
                        w = new Watched(t, now);
                        watched.put(t.id(), w);
                        for (DeployConfig.HttpCheck c : health.http()) {
                            w.http.add(new HttpGate(c, t.slot(), http, now));
                        }
                        rec.say("replica " + Math.min(watched.size(), Math.max(expected, 1)) + " of " + expected + ": task "
                                + shortId(t.id()) + " (slot " + t.slot() + ") " + t.state());
                    }
                    w.now = t;
                    if (w.failed) {
                        continue;
                    }
                    Failure f = judge(w, now, health);
                    if (f != null && stops(w, f)) {
                        return new Result(f, passedCount(watched), versionAfter);
                    }
                }
                boolean judgeOnly = JUDGE_ONLY.equals(before.updateStartedAt());
                boolean thisUpdate = !judgeOnly && svc.updateStartedAt() != null && !svc.updateStartedAt().equals(before.updateStartedAt());
                boolean paused = thisUpdate && ("paused".equals(svc.updateState()) || "rollback_started".equals(svc.updateState()));
                // a rollback goes on while one of its tasks is still on its way: Swarm pauses at a task that lost
                // a race with the restart of a failed one, while another task of the same spec comes up
                boolean progressing = watched.values().stream().anyMatch(w -> !w.failed && !w.now.terminal());
                if (paused && (!tolerant || !progressing)) {
                    String why = "Swarm " + svc.updateState().replace('_', ' ') + " the update: " + svc.updateMessage();
                    rec.gate("swarm-update", null, false, why);
                    return new Result(new Failure("swarm-update", null, why, null), passedCount(watched), versionAfter);
                }
                if (prom != null && passedCount(watched) > 0) {
                    for (PrometheusGate.Evaluation e : prom.poll(now)) {
                        rec.gate("prometheus", e.query(), e.passed(), e.detail());
                    }
                    if (prom.failed()) {
                        return new Result(new Failure("prometheus", null, prom.failureSummary(), null), passedCount(watched), versionAfter);
                    }
                }
                long live = watched.values().stream().filter(w -> w.passed && w.now.desiredState().equals("running")
                        && !w.now.terminal()).count();
                // a rollback is over when every replica runs the old spec and passed: Swarm's own monitor
                // period after its last task (SWARM_MONITOR) adds nothing to know, only time
                boolean converged = svc.updateState() == null || svc.updateState().equals("completed") && thisUpdate
                        || tolerant || judgeOnly;
                // the monitor window starts when every replica runs the new spec and passed; Swarm's own
                // (short) monitor ends inside it, and success needs Swarm to call its update completed too
                if (live >= expected) {
                    if (allPassedAt < 0) {
                        allPassedAt = now;
                        rec.event(what + "-healthy", "all " + expected + " replica(s) passed the health gate"
                                + (monitor.isZero() ? "" : "; monitoring for " + Durations.format(monitor)));
                    }
                    // Swarm's restart of a failed task and its updater can each start a task for the same slot;
                    // the one that loses the host port exits, yet Swarm lists it as live for a moment. Done only
                    // when no more tasks of this spec are live than replicas are wanted, or the next command
                    // (verify) judges the dying one
                    long alive = tasks.stream().filter(t -> !finishedBefore.contains(t.id()) && sameSpec(t.spec(), template, anyForce)
                            && t.desiredState().equals("running") && !t.terminal()).count();
                    boolean settling = alive > expected;
                    if (converged && !settling && now - allPassedAt >= monitor.toNanos()) {
                        return new Result(null, (int) live, versionAfter);
                    }
                } else if (allPassedAt >= 0) {
                    allPassedAt = -1;
                }
                if (now > deadline) {
                    String why = "the " + what + " did not finish within " + Durations.format(Duration.ofNanos(deadline - start))
                            + " (" + live + " of " + expected + " replicas healthy, Swarm update state " + svc.updateState() + ")";
                    rec.gate("timeout", null, false, why);
                    return new Result(new Failure("timeout", null, why, null), (int) live, versionAfter);
                }
                // the next poll a full POLL after this one's calls to Swarm, as before
                Failure f = untilNextPoll(watched.values(), nanos() + POLL.toNanos());
                if (f != null) {
                    return new Result(f, passedCount(watched), versionAfter);
                }
            }
        } finally {
            watched.values().forEach(w -> w.http.forEach(HttpGate::cancel));
        }
    }

    /** Records a task's failure; true when it ends the watch (not {@link #tolerant}), else the task is set aside. */
    private boolean stops(Watched w, Failure f) {
        rec.gate(f.gate(), w.now.id(), false, f.reason());
        rec.failure(w.now.id(), f.reason(), f.exitCode());
        if (!tolerant) {
            return true;
        }
        w.failed = true;
        w.passed = false;
        w.http.forEach(HttpGate::cancel);
        return false;
    }

    /**
     * Waits until {@code pollAt}, the next read of Swarm, while the HTTP checks of the started tasks keep
     * their own time: each request goes out when its interval is up and its answer is read within
     * {@link #ANSWER_STEP} of arriving, instead of both waiting for a poll (which rounded a 250 ms interval
     * up to two polls). The first failed check is reported as it comes in. An answer that decides
     * something ends the wait: a check that failed its retries fails the task here (the watch's failure
     * when it ends the watch); a check that passed makes the next poll come now.
     */
    private Failure untilNextPoll(java.util.Collection<Watched> watched, long pollAt) {
        while (true) {
            long now = nanos();
            long wake = pollAt;
            for (Watched w : watched) {
                if (w.failed || !started(w.now)) {
                    continue;
                }
                for (HttpGate g : w.http) {
                    HttpGate.State before = g.last();
                    HttpGate.State s = g.poll(now);
                    reportFirstFailure(g, w.now);
                    if (s == HttpGate.State.FAILED) {
                        Failure f = httpFailure(g, w.now);
                        if (stops(w, f)) {
                            return f;
                        }
                        break;
                    }
                    if (s != before) {
                        return null;
                    }
                    wake = Math.min(wake, g.waiting() ? now + ANSWER_STEP.toNanos() : g.nextSendNanos());
                }
            }
            if (now >= pollAt) {
                return null;
            }
            sleep(Duration.ofNanos(wake <= now ? 0 : wake - now));
        }
    }

    private static boolean started(Swarm.TaskState t) {
        return t.state().equals("running") || t.state().equals("starting");
    }

    private void reportFirstFailure(HttpGate g, Swarm.TaskState t) {
        if (g.firstFailureNow()) {
            rec.say("task " + shortId(t.id()) + " (slot " + t.slot() + "): first failed http check: " + g.url() + ": " + g.detail());
        }
    }

    private static Failure httpFailure(HttpGate g, Swarm.TaskState t) {
        return new Failure("http", t.id(), g.url() + ": " + g.detail() + (g.everPassed() ? " (after it had passed)" : ""), null);
    }

    private Failure judge(Watched w, long now, DeployConfig.Health health) {
        Swarm.TaskState t = w.now;
        if (t.terminal() || (t.state().equals("shutdown"))) {
            String why = "task " + t.state() + (t.exitCode() == null ? "" : " with exit code " + t.exitCode())
                    + (t.error() == null || t.error().isEmpty() ? "" : ": " + t.error())
                    + (w.passed ? " after it had passed" : "");
            return new Failure(t.state().equals("complete") || t.exitCode() != null ? "task-exit" : "task-state", t.id(), why, t.exitCode());
        }
        boolean started = started(t);
        Swarm.ContainerState container = started ? target.container(t.containerId()) : null;
        String containerHealth = container == null ? null : container.health();
        if (container != null && container.exitCode() != null) {
            // the container is gone before Swarm has marked the task: its own exit code says why
            return new Failure("task-exit", t.id(), "container exited with code " + container.exitCode()
                    + (w.passed ? " after it had passed" : ""), container.exitCode());
        }
        if ("unhealthy".equals(containerHealth)) {
            return new Failure("container-health", t.id(), "container healthcheck reports unhealthy" + (w.passed ? " after it had passed" : ""), null);
        }
        boolean httpOk = true;
        for (HttpGate g : w.http) {
            // the time now, not the poll's start: the calls to Swarm before took a while, and a request
            // stamped earlier than it went out would bring the next one closer than the interval
            HttpGate.State s = started ? g.poll(nanos()) : HttpGate.State.PENDING;
            reportFirstFailure(g, t);
            if (s == HttpGate.State.FAILED) {
                return httpFailure(g, t);
            }
            httpOk &= s == HttpGate.State.PASSED || (w.passed && g.everPassed());
        }
        boolean healthOk = containerHealth == null || containerHealth.equals("healthy") || containerHealth.equals("none");
        if (!w.passed && t.state().equals("running") && healthOk && httpOk) {
            w.passed = true;
            long ms = Duration.ofNanos(now - w.seenNanos).toMillis();
            rec.gate("container-health", t.id(), true, (containerHealth == null ? "running" : containerHealth) + " after " + ms + "ms");
            for (HttpGate g : w.http) {
                rec.gate("http", t.id(), true, g.url() + ": " + g.detail());
            }
        }
        if (!w.passed && now - w.seenNanos > health.timeout().toNanos()) {
            StringBuilder why = new StringBuilder("not healthy within " + Durations.format(health.timeout()) + " (task " + t.state()
                    + ", container health " + containerHealth);
            w.http.forEach(g -> why.append(", ").append(g.url()).append(": ").append(g.detail()));
            return new Failure("timeout", t.id(), why.append(')').toString(), null);
        }
        return null;
    }

    /** The daemon leaves Runtime out of a task's copy of the TaskTemplate; everything else is the same when up to date. */
    static boolean sameSpec(JsonNode task, JsonNode template) {
        return sameSpec(task, template, false);
    }

    /** {@code anyForce}: also when only ForceUpdate differs. */
    static boolean sameSpec(JsonNode task, JsonNode template, boolean anyForce) {
        if (!(task instanceof com.fasterxml.jackson.databind.node.ObjectNode t) || !(template instanceof com.fasterxml.jackson.databind.node.ObjectNode s)) {
            return false;
        }
        com.fasterxml.jackson.databind.node.ObjectNode a = t.deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode b = s.deepCopy();
        a.remove("Runtime");
        b.remove("Runtime");
        if (anyForce) {
            a.remove("ForceUpdate");
            b.remove("ForceUpdate");
        }
        return a.equals(b);
    }

    private static int passedCount(Map<String, Watched> watched) {
        return (int) watched.values().stream().filter(w -> w.passed).count();
    }

    static String shortId(String id) {
        return id == null ? "-" : id.length() > 12 ? id.substring(0, 12) : id;
    }

    private long nanos() {
        return TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    private void sleep(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching the rollout", e);
        }
    }
}
