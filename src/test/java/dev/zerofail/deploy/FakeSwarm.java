package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmObject;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory Swarm for the deploy engine's unit tests, on simulated time ({@link FakeTime}). It
 * does what the engine relies on Swarm to do, in the same shapes as the Engine API:
 * <ul>
 * <li>tasks go {@code starting → running}; with a healthcheck a task stays {@code starting} until
 * its container reports healthy, as Swarm's does;</li>
 * <li>what each image does is scripted ({@link #image}): how long it takes to start and become
 * healthy, whether it turns unhealthy or exits (the task then fails), whether its next tasks are
 * rejected;</li>
 * <li>an update follows the spec's UpdateConfig: {@code Parallelism} slots at a time, start-first or
 * stop-first, each batch watched for {@code Monitor} and followed by {@code Delay}; a new task that
 * fails pauses the update ({@code FailureAction: pause}); a stale version index is refused;</li>
 * <li>the restart policy: a slot whose task failed gets a new task of the current spec after
 * {@link #restartDelay}, whatever the update is doing (Swarm's restart racing its updater).</li>
 * </ul>
 * Everything it did stays in {@link #tasks} and {@link #log} for the tests to assert on.
 */
final class FakeSwarm implements Swarm {
    /** What tasks of one image do, from their creation. */
    static final class Image {
        Duration start = Duration.ofMillis(500);
        boolean healthcheck = true;
        Duration healthyAfter = Duration.ofSeconds(1);
        Duration unhealthyAfter;
        Integer exitCode;
        Duration exitAfter;
        int reject;
        String rejectError;

        Image healthyAfter(Duration d) {
            healthyAfter = d;
            unhealthyAfter = null;
            exitAfter = null;
            return this;
        }

        /** Healthy never; unhealthy this long after the container started, and the task fails shortly after. */
        Image unhealthyAfter(Duration d) {
            unhealthyAfter = d;
            return this;
        }

        Image exitsAfter(Duration d, int code) {
            exitAfter = d;
            exitCode = code;
            return this;
        }

        /** Tasks of this image ignore a healthcheck set in the spec (a drill's failing one goes unnoticed). */
        boolean ignoresSpecHealthcheck;

        Image ignoresSpecHealthcheck() {
            ignoresSpecHealthcheck = true;
            return this;
        }

        Image noHealthcheck() {
            healthcheck = false;
            return this;
        }

        int exitNext;
        int exitNextCode;

        /** The next {@code n} tasks of this image exit with {@code code} as soon as they start (a host port still taken). */
        Image exitNext(int n, int code) {
            exitNext = n;
            exitNextCode = code;
            return this;
        }

        /** The next {@code n} tasks of this image are rejected at once with {@code error}. */
        Image rejectNext(int n, String error) {
            reject = n;
            rejectError = error;
            return this;
        }
    }

    /** One task as the fake keeps it; {@link #state()} is what the engine sees. */
    static final class Task {
        final String id;
        final String serviceId;
        final int slot;
        final ObjectNode spec;
        final Instant created;
        String state = "starting";
        String desired = "running";
        String error;
        Integer exitCode;
        Instant startedAt;
        Instant runningAt;
        Instant endedAt;
        String health;
        boolean containerGone;
        boolean exitsAtStart;
        int exitsAtStartCode;

        Task(String id, String serviceId, int slot, ObjectNode spec, Instant created) {
            this.id = id;
            this.serviceId = serviceId;
            this.slot = slot;
            this.spec = spec;
            this.created = created;
        }

        String image() {
            return spec.path("ContainerSpec").path("Image").asText();
        }

        boolean terminal() {
            return Set.of("complete", "shutdown", "failed", "rejected").contains(state);
        }

        boolean live() {
            return desired.equals("running") && !terminal();
        }

        TaskState state() {
            return new TaskState(id, slot, state, desired, state, error, exitCode, "c-" + id, created, spec.deepCopy(), null);
        }
    }

    private static final class Service {
        final String id;
        long version;
        ObjectNode spec;
        ObjectNode previousSpec;
        String updateState;
        String updateMessage;
        String updateStartedAt;
        final List<Task> batch = new ArrayList<>();
        Instant nextBatchAt;
        Instant removedAt;

        Service(String id, ObjectNode spec, long version) {
            this.id = id;
            this.spec = spec;
            this.version = version;
        }

        String name() {
            return spec.path("Name").asText();
        }

        long replicas() {
            return spec.path("Mode").path("Replicated").path("Replicas").asLong(1);
        }

        JsonNode update() {
            return spec.path("UpdateConfig");
        }
    }

    private final FakeTime time;
    private final Map<String, Image> images = new HashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();
    final List<Task> tasks = new ArrayList<>();
    /** What happened, in order: "update acme_api v11", "create task t3 slot 2 acme/api:2", "pause …". */
    final List<String> log = new ArrayList<>();
    final Map<String, String> objects = new LinkedHashMap<>();
    Duration restartDelay = Duration.ofSeconds(5);
    /**
     * How long Swarm's task list goes on calling a failed task running after its container exited: the
     * container's exit code is there at once, the task's state only when the agent reported it.
     */
    Duration failureReportLag = Duration.ZERO;
    private int ids;
    private boolean down;
    /** Thrown from inside a call to stop the engine as kill -9 would: not an exception it catches. */
    private Stage killAt;

    enum Stage { BEFORE_UPDATE, AFTER_UPDATE, DOWN_AFTER_UPDATE }

    /** Ends the engine's thread at that point, leaving everything as a killed process would. */
    static final class Killed extends Error {
        Killed() {
            super("killed (simulated kill -9)");
        }
    }

    FakeSwarm(FakeTime time) {
        this.time = time;
        time.onTick(this::advance);
    }

    Image image(String ref) {
        return images.computeIfAbsent(ref, r -> new Image());
    }

    /** The daemon stops answering (every call: exit 3), or answers again. */
    void down(boolean down) {
        this.down = down;
    }

    /** {@code BEFORE_UPDATE}/{@code AFTER_UPDATE}: kill -9 there; {@code DOWN_AFTER_UPDATE}: the daemon goes away once the update is in. */
    void killAt(Stage stage) {
        this.killAt = stage;
    }

    /** A running service of {@code replicas} healthy tasks, as if deployed long ago (not by zerofail). */
    String existing(ObjectNode spec) {
        String id = create(spec);
        Service s = services.get(spec.path("Name").asText());
        for (Task t : tasks) {
            if (t.serviceId.equals(id)) {
                Image b = image(t.image());
                t.startedAt = t.runningAt = time.instant();
                t.state = "running";
                t.health = b.healthcheck ? "healthy" : "none";
            }
        }
        return s.id;
    }

    /** Swarm's restart supervisor and its updater each starting a task of the current spec for one slot. */
    Task duplicateInSlot(String serviceName, int slot) {
        return newTask(services.get(serviceName), slot);
    }

    List<Task> tasksOf(String serviceName) {
        Service s = services.get(serviceName);
        return s == null ? List.of() : tasks.stream().filter(t -> t.serviceId.equals(s.id)).toList();
    }

    private void check() {
        if (down) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "fake:///docker.sock (from test)",
                    "cannot reach the Docker daemon: connection refused", "start Docker");
        }
    }

    @Override
    public void ping() {
        check();
    }

    @Override
    public Optional<ServiceState> service(String name) {
        check();
        Service s = services.get(name);
        if (s == null || s.removedAt != null) {
            return Optional.empty();
        }
        return Optional.of(new ServiceState(s.id, s.name(), s.version, s.spec.deepCopy(),
                s.previousSpec == null ? null : s.previousSpec.deepCopy(), s.updateState, s.updateMessage, s.updateStartedAt));
    }

    @Override
    public List<TaskState> tasks(String serviceId) {
        check();
        return tasks.stream().filter(t -> t.serviceId.equals(serviceId)).map(this::reported).toList();
    }

    private TaskState reported(Task t) {
        TaskState s = t.state();
        if (t.state.equals("failed") && t.desired.equals("running") && time.instant().isBefore(t.endedAt.plus(failureReportLag))) {
            return new TaskState(s.id(), s.slot(), "running", s.desiredState(), "running", null, null, s.containerId(), s.createdAt(),
                    s.spec(), s.health());
        }
        return s;
    }

    @Override
    public ContainerState container(String containerId) {
        check();
        Task t = tasks.stream().filter(x -> ("c-" + x.id).equals(containerId)).findFirst().orElse(null);
        if (t == null || t.startedAt == null || t.containerGone) {
            return null;
        }
        boolean running = !t.terminal();
        return new ContainerState(t.health, running, running ? null : t.exitCode);
    }

    /** Containers the engine asked to stop ({@link #stopContainer}), in order; it asks from its own threads. */
    final List<String> stopRequests = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public void stopContainer(String containerId, Duration grace) {
        stopRequests.add(containerId + " " + grace.toSeconds() + "s");
    }

    @Override
    public String create(ObjectNode spec) {
        check();
        String id = "svc" + (++ids);
        Service s = new Service(id, asStored(spec), 10);
        services.put(s.name(), s);
        log.add("create " + s.name());
        for (int slot = 1; slot <= s.replicas(); slot++) {
            newTask(s, slot);
        }
        return id;
    }

    @Override
    public void update(String id, long version, ObjectNode spec) {
        check();
        if (killAt == Stage.BEFORE_UPDATE) {
            killAt = null;
            throw new Killed();
        }
        Service s = services.values().stream().filter(x -> x.id.equals(id) && x.removedAt == null).findFirst()
                .orElseThrow(() -> new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "fake", "service " + id + " not found", "-"));
        if (version != s.version) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "fake", "update out of sequence", "-");
        }
        s.previousSpec = s.spec;
        s.spec = asStored(spec);
        s.version++;
        s.updateState = "updating";
        s.updateMessage = "update in progress";
        s.updateStartedAt = time.instant().toString();
        s.batch.clear();
        s.nextBatchAt = time.instant();
        log.add("update " + s.name() + " " + spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText()
                + " force " + spec.path("TaskTemplate").path("ForceUpdate").asLong(0));
        if (killAt == Stage.AFTER_UPDATE) {
            killAt = null;
            throw new Killed();
        }
        if (killAt == Stage.DOWN_AFTER_UPDATE) {
            killAt = null;
            down = true;
        }
    }

    @Override
    public void remove(String id) {
        check();
        for (Service s : services.values()) {
            if (s.id.equals(id)) {
                s.removedAt = time.instant();
                tasks.stream().filter(t -> t.serviceId.equals(id) && !t.terminal()).forEach(t -> t.desired = "shutdown");
                log.add("remove " + s.name());
            }
        }
    }

    @Override
    public int runningContainers(String serviceId) {
        check();
        return (int) tasks.stream().filter(t -> t.serviceId.equals(serviceId) && t.startedAt != null && !t.containerGone).count();
    }

    @Override
    public Optional<String> imageId(String ref) {
        check();
        return Optional.of("sha256:" + Integer.toHexString(ref.hashCode()));
    }

    @Override
    public Set<String> hostNetworks() {
        check();
        return Set.of("host");
    }

    @Override
    public ObjectIds ensureObjects(List<SwarmObject> wanted) {
        check();
        List<String> created = new ArrayList<>();
        Map<String, String> secrets = new HashMap<>();
        Map<String, String> configs = new HashMap<>();
        for (SwarmObject o : wanted) {
            String key = o.kind() + " " + o.name();
            if (!objects.containsKey(key)) {
                objects.put(key, "obj" + (++ids));
                created.add(o.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + o.name());
            }
        }
        objects.forEach((k, v) -> {
            if (k.startsWith("SECRET ")) {
                secrets.put(k.substring(7), v);
            } else if (k.startsWith("CONFIG ")) {
                configs.put(k.substring(7), v);
            }
        });
        return new ObjectIds(secrets, configs, created);
    }

    /** The spec as the daemon keeps it: through JSON and back, so numbers compare as they do in specs read from Docker. */
    private static ObjectNode asStored(ObjectNode spec) {
        return Specs.parse(Specs.json(spec));
    }

    private Task newTask(Service s, int slot) {
        Task t = new Task("t" + (++ids), s.id, slot, (ObjectNode) s.spec.path("TaskTemplate").deepCopy(), time.instant());
        tasks.add(t);
        Image b = image(t.image());
        log.add("task " + t.id + " slot " + slot + " " + t.image());
        if (b.exitNext > 0) {
            b.exitNext--;
            t.exitsAtStart = true;
            t.exitsAtStartCode = b.exitNextCode;
        }
        if (b.reject > 0) {
            b.reject--;
            t.state = "rejected";
            t.error = b.rejectError;
            t.endedAt = time.instant();
        }
        return t;
    }

    /** Swarm catching up with the time that passed: task lifecycles, the updater, the restart policy. */
    private void advance(Instant now) {
        for (Task t : tasks) {
            lifecycle(t, now);
        }
        for (Service s : services.values()) {
            if (s.removedAt != null) {
                continue;
            }
            updater(s, now);
            restarts(s, now);
        }
    }

    private void lifecycle(Task t, Instant now) {
        if (!t.desired.equals("running")) {
            if (!t.terminal()) {
                t.state = "shutdown";
                t.endedAt = now;
            }
            t.containerGone = true;
            return;
        }
        if (t.terminal()) {
            return;
        }
        Image b = behaviour(t);
        if (t.startedAt == null) {
            if (now.isBefore(t.created.plus(b.start))) {
                return;
            }
            t.startedAt = t.created.plus(b.start);
            t.health = b.healthcheck ? "starting" : "none";
            if (!b.healthcheck) {
                t.state = "running";
                t.runningAt = t.startedAt;
            }
        }
        Duration up = Duration.between(t.startedAt, now);
        if (t.exitsAtStart) {
            fail(t, now, t.exitsAtStartCode, "task: non-zero exit (" + t.exitsAtStartCode + ")");
        } else if (b.exitAfter != null && up.compareTo(b.exitAfter) >= 0) {
            fail(t, now, b.exitCode, "task: non-zero exit (" + b.exitCode + ")");
        } else if (b.unhealthyAfter != null && up.compareTo(b.unhealthyAfter) >= 0) {
            t.health = "unhealthy";
            // Docker kills an unhealthy task's container a moment after it reported unhealthy
            if (up.compareTo(b.unhealthyAfter.plusMillis(500)) >= 0) {
                fail(t, now, 137, "task: non-zero exit (137): dockerexec: unhealthy container");
            }
        } else if (b.healthcheck && b.unhealthyAfter == null && up.compareTo(b.healthyAfter) >= 0 && !"healthy".equals(t.health)) {
            t.health = "healthy";
            t.state = "running";
            t.runningAt = now;
        }
    }

    /**
     * What a task does: its image's script, unless its spec sets a healthcheck that always fails (a
     * drill's {@code exit 1}): then unhealthy after Retries probes of Interval, as Docker would.
     */
    private Image behaviour(Task t) {
        Image b = image(t.image());
        Duration firstFailure = alwaysFailingProbe(t);
        if (firstFailure == null || b.ignoresSpecHealthcheck) {
            return b;
        }
        Image failing = new Image();
        failing.start = b.start;
        failing.unhealthyAfter = firstFailure.multipliedBy(Math.max(1, t.spec.path("ContainerSpec").path("Healthcheck")
                .path("Retries").asLong(3)));
        return failing;
    }

    /** The interval of a spec healthcheck that can only fail, else null. */
    private static Duration alwaysFailingProbe(Task t) {
        JsonNode hc = t.spec.path("ContainerSpec").path("Healthcheck");
        return hc.path("Test").toString().equals("[\"CMD-SHELL\",\"exit 1\"]") ? Duration.ofNanos(hc.path("Interval").asLong()) : null;
    }

    @Override
    public Optional<Instant> firstFailedProbe(String containerId) {
        check();
        return tasks.stream().filter(x -> ("c-" + x.id).equals(containerId) && x.startedAt != null && !x.containerGone)
                .filter(x -> alwaysFailingProbe(x) != null && !image(x.image()).ignoresSpecHealthcheck)
                .map(x -> x.startedAt.plus(alwaysFailingProbe(x))).filter(at -> !at.isAfter(time.instant())).findFirst();
    }

    private void fail(Task t, Instant now, int code, String error) {
        t.state = "failed";
        t.exitCode = code;
        t.error = error;
        t.endedAt = now;
        log.add("failed " + t.id + " slot " + t.slot + " " + t.image());
    }

    /** The rolling update per the spec's UpdateConfig; FailureAction pause. */
    private void updater(Service s, Instant now) {
        if (!"updating".equals(s.updateState)) {
            return;
        }
        JsonNode u = s.update();
        if (!s.batch.isEmpty()) {
            for (Task t : s.batch) {
                if (t.terminal()) {
                    s.updateState = "paused";
                    s.updateMessage = "update paused due to failure or early termination of task " + t.id;
                    s.batch.clear();
                    log.add("pause " + s.name() + " at " + t.id);
                    return;
                }
            }
            Instant lastRunning = null;
            for (Task t : s.batch) {
                if (t.runningAt == null) {
                    return;
                }
                // start-first: the old task of the slot stops once the new one runs
                retireOthers(s, t);
                lastRunning = lastRunning == null || t.runningAt.isAfter(lastRunning) ? t.runningAt : lastRunning;
            }
            if (now.isBefore(lastRunning.plusNanos(u.path("Monitor").asLong(0)))) {
                return;
            }
            s.batch.clear();
            s.nextBatchAt = now.plusNanos(u.path("Delay").asLong(0));
        }
        if (now.isBefore(s.nextBatchAt)) {
            return;
        }
        JsonNode template = s.spec.path("TaskTemplate");
        List<Integer> dirty = new ArrayList<>();
        for (int slot = 1; slot <= s.replicas(); slot++) {
            int sl = slot;
            List<Task> live = tasks.stream().filter(t -> t.serviceId.equals(s.id) && t.slot == sl && t.live()).toList();
            Optional<Task> current = live.stream().filter(t -> t.spec.equals(template)).findFirst();
            if (current.isPresent()) {
                // a task of the wanted spec still runs (a rollback to it): the others of its slot just stop
                retireOthers(s, current.get());
            } else {
                dirty.add(slot);
            }
        }
        if (dirty.isEmpty()) {
            s.updateState = "completed";
            s.updateMessage = "update completed";
            log.add("completed " + s.name());
            return;
        }
        long parallelism = Math.max(1, u.path("Parallelism").asLong(1));
        boolean stopFirst = "stop-first".equals(u.path("Order").asText());
        for (int slot : dirty.subList(0, (int) Math.min(parallelism, dirty.size()))) {
            if (stopFirst) {
                tasks.stream().filter(t -> t.serviceId.equals(s.id) && t.slot == slot && t.live()).forEach(t -> t.desired = "shutdown");
            }
            s.batch.add(newTask(s, slot));
        }
    }

    private void retireOthers(Service s, Task keep) {
        tasks.stream().filter(t -> t != keep && t.serviceId.equals(s.id) && t.slot == keep.slot && t.live())
                .forEach(t -> t.desired = "shutdown");
    }

    /** A slot whose task failed gets a new task of the current spec after the restart delay. */
    private void restarts(Service s, Instant now) {
        for (int slot = 1; slot <= s.replicas(); slot++) {
            int sl = slot;
            List<Task> ofSlot = tasks.stream().filter(t -> t.serviceId.equals(s.id) && t.slot == sl).toList();
            if (ofSlot.stream().anyMatch(Task::live)) {
                continue;
            }
            Optional<Task> failed = ofSlot.stream().filter(t -> t.desired.equals("running") && t.terminal()).reduce((a, b) -> b);
            if (failed.isPresent() && !now.isBefore(failed.get().endedAt.plus(restartDelay))) {
                ofSlot.forEach(t -> t.desired = "shutdown");
                Task t = newTask(s, slot);
                if (s.batch.remove(failed.get())) {
                    s.batch.add(t);
                }
            }
        }
    }
}
