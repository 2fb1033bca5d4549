package dev.zerofail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.deploy.StatusReader;
import dev.zerofail.deploy.Swarm;
import dev.zerofail.history.HistoryStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * serve's status: the real reader ({@link StatusReader}) over one store and one Swarm client, behind
 * {@link StatusSnapshots}, against a Swarm that counts the Engine API calls it gets.
 */
class StatusSnapshotsTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Duration EVERY = Duration.ofSeconds(1);
    static final Duration MAX_AGE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    HistoryStore store;
    final Clock clock = new dev.zerofail.SuppliedClock(() -> this.now);
    volatile Instant now = T0;
    /** Engine API calls by method name (ping, service, tasks, container). */
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicInteger clients = new AtomicInteger();
    volatile String image = "acme/api:1";
    volatile boolean down;
    volatile CountDownLatch pingGate;

    @BeforeEach
    void open() {
        store = HistoryStore.open("jdbc:sqlite:" + dir.resolve("h.db"), null, null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** A Swarm with two running, healthy tasks of every service; {@link #down} makes ping fail as an unreachable daemon does. */
    Swarm countingSwarm() {
        ObjectMapper json = new ObjectMapper();
        return (Swarm) Proxy.newProxyInstance(Swarm.class.getClassLoader(), new Class<?>[] {Swarm.class}, (proxy, m, args) -> {
            calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
            switch (m.getName()) {
                case "ping" -> {
                    CountDownLatch gate = pingGate;
                    if (gate != null) {
                        gate.await(30, TimeUnit.SECONDS);
                    }
                    if (down) {
                        throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "unix:///var/run/docker.sock",
                                "cannot reach the Docker daemon", "start it");
                    }
                    return null;
                }
                case "service" -> {
                    ObjectNode spec = json.createObjectNode();
                    spec.putObject("TaskTemplate").putObject("ContainerSpec").put("Image", image);
                    spec.putObject("Mode").putObject("Replicated").put("Replicas", 2);
                    return Optional.of(new Swarm.ServiceState("id-" + args[0], (String) args[0], 1, spec, null, "completed", null, null));
                }
                case "tasks" -> {
                    return List.of(new Swarm.TaskState("t1", 1, "running", "running", null, null, null, "c1", null, null, null),
                            new Swarm.TaskState("t2", 2, "running", "running", null, null, null, "c2", null, null, null));
                }
                case "container" -> {
                    return new Swarm.ContainerState("healthy", true, null);
                }
                case "containerHealth" -> {
                    return "healthy";
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                default -> {
                    if (m.isDefault()) { // the calls for many services at once, made of the ones above
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
                    }
                    throw new UnsupportedOperationException(m.getName());
                }
            }
        });
    }

    StatusSnapshots snapshots(java.util.concurrent.Executor refresher) {
        DeployConfig.Environment prod = new DeployConfig.Environment("prod", "shop", List.of(dir.resolve("compose.yml")), null, null,
                false, List.of(), Map.of(), "zerofail.yaml:2 environments.prod");
        Swarm swarm = countingSwarm();
        StatusReader reader = new StatusReader(Map.of("prod", prod), store, env -> {
            // serve's ServeDocker hands out its one client; counting here shows the reader never asks for another
            clients.incrementAndGet();
            return swarm;
        }, env -> Map.of("services", Map.of("api", Map.of("image", "acme/api:1"), "web", Map.of("image", "acme/web:1"))));
        return new StatusSnapshots(reader::read, clock, EVERY, MAX_AGE, refresher);
    }

    int count(String call) {
        AtomicInteger n = calls.get(call);
        return n == null ? 0 : n.get();
    }

    @Test
    void aThousandRequestsInOneSecondAreOneRead() {
        StatusSnapshots s = snapshots(Runnable::run);
        for (int i = 0; i < 1000; i++) {
            now = T0.plusMillis(i % 1000);
            StatusSource.Snapshot snap = s.snapshot("prod");
            assertThat(snap.readAt()).isEqualTo(T0);
            assertThat(snap.result().services()).hasSize(2);
        }
        assertThat(count("ping")).isEqualTo(1);
        assertThat(count("service")).isEqualTo(2);
        assertThat(count("tasks")).isEqualTo(2);
        assertThat(clients.get()).isEqualTo(1);
    }

    @Test
    void aStaleSnapshotIsServedWhileOneRefreshRunsThenTheNewOne() {
        ConcurrentLinkedQueue<Runnable> queued = new ConcurrentLinkedQueue<>();
        StatusSnapshots s = snapshots(queued::add);
        // the first read has nothing to fall back on: the caller waits for it
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<StatusSource.Snapshot> first = caller.submit(() -> s.snapshot("prod"));
            while (queued.isEmpty()) {
                Thread.onSpinWait();
            }
            queued.poll().run();
            assertThat(first.get(30, TimeUnit.SECONDS).result().services().get(0).image()).isEqualTo("acme/api:1");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            caller.shutdownNow();
        }
        image = "acme/api:2";
        now = T0.plusMillis(1500);
        for (int i = 0; i < 50; i++) {
            StatusSource.Snapshot snap = s.snapshot("prod");
            assertThat(snap.readAt()).isEqualTo(T0);
            assertThat(snap.result().services().get(0).image()).isEqualTo("acme/api:1");
        }
        assertThat(queued).as("one refresh for 50 callers").hasSize(1);
        assertThat(count("ping")).isEqualTo(1);
        queued.poll().run();
        StatusSource.Snapshot fresh = s.snapshot("prod");
        assertThat(fresh.readAt()).isEqualTo(T0.plusMillis(1500));
        assertThat(fresh.result().services().get(0).image()).isEqualTo("acme/api:2");
        assertThat(queued).isEmpty();
        assertThat(count("ping")).isEqualTo(2);
        assertThat(clients.get()).isEqualTo(2);
    }

    @Test
    void afterAQuietSpellTheNextCallerWaitsForAFreshRead() {
        StatusSnapshots s = snapshots(Runnable::run);
        s.snapshot("prod");
        image = "acme/api:3";
        now = T0.plus(MAX_AGE).plusSeconds(1);
        StatusSource.Snapshot snap = s.snapshot("prod");
        assertThat(snap.readAt()).isEqualTo(now);
        assertThat(snap.result().services().get(0).image()).isEqualTo("acme/api:3");
        assertThat(count("ping")).isEqualTo(2);
    }

    @Test
    void dockerDownIsAskedOncePerSecondNotPerRequest() {
        down = true;
        StatusSnapshots s = snapshots(Runnable::run);
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> s.status("prod")).isInstanceOf(ZerofailException.class)
                    .hasMessageContaining("cannot reach the Docker daemon")
                    .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
        }
        assertThat(count("ping")).isEqualTo(1);
        down = false;
        now = T0.plus(MAX_AGE).plusSeconds(1);
        assertThat(s.status("prod").services()).hasSize(2);
        assertThat(count("ping")).isEqualTo(2);
    }

    @Test
    void concurrentFirstCallersShareOneRead() throws Exception {
        pingGate = new CountDownLatch(1);
        try (StatusSnapshots s = snapshots(null)) {
            ExecutorService callers = Executors.newFixedThreadPool(16);
            try {
                List<Future<StatusSource.Snapshot>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    answers.add(callers.submit(() -> s.snapshot("prod")));
                }
                while (count("ping") == 0) {
                    Thread.onSpinWait();
                }
                pingGate.countDown();
                for (Future<StatusSource.Snapshot> a : answers) {
                    assertThat(a.get(30, TimeUnit.SECONDS).result().services()).hasSize(2);
                }
            } finally {
                callers.shutdownNow();
            }
        }
        assertThat(count("ping")).isEqualTo(1);
        assertThat(clients.get()).isEqualTo(1);
    }

    @Test
    void ageIsMeasuredFromTheRead() {
        StatusSnapshots s = snapshots(Runnable::run);
        now = T0.plusMillis(100);
        StatusSource.Snapshot snap = s.snapshot("prod");
        EnvironmentRoutes.LiveStatus body = EnvironmentRoutes.LiveStatus.of(snap, T0.plusMillis(750));
        assertThat(body.ageMs()).isEqualTo(650);
        assertThat(body.readAt()).isEqualTo(T0.plusMillis(100));
        assertThat(body.services()).isEqualTo(snap.result().services());
    }
}
