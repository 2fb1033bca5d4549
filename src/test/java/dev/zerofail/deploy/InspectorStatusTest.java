package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmObject;
import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} reads all its services with three Engine API calls, beside the history, and answers in the compose file's order. */
class InspectorStatusTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final java.time.Instant T0 = java.time.Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * Ten services (acme_s01..acme_s10) minus the missing ones, service n with n % 3 + 1 desired replicas.
     * Only the calls for many services at once answer: a lookup per service fails the test.
     */
    static class StackSwarm implements Swarm {
        final Set<String> missing;
        final List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();

        StackSwarm(Set<String> missing) {
            this.missing = missing;
        }

        @Override
        public void ping() {
            calls.add("ping");
        }

        @Override
        public Map<String, ServiceState> services(java.util.Collection<String> names) {
            calls.add("services " + names.size());
            Map<String, ServiceState> out = new LinkedHashMap<>();
            for (String name : names) {
                if (!missing.contains(name)) {
                    int n = Integer.parseInt(name.substring(name.length() - 2));
                    ObjectNode spec = JSON.createObjectNode();
                    spec.putObject("TaskTemplate").putObject("ContainerSpec").put("Image", "img:" + n);
                    spec.putObject("Mode").putObject("Replicated").put("Replicas", n % 3 + 1);
                    out.put(name, new ServiceState("id" + n, name, 1, spec, null, "completed", null, null));
                }
            }
            return out;
        }

        @Override
        public Map<String, List<TaskState>> desiredRunning(java.util.Collection<String> serviceIds) {
            calls.add("tasks " + serviceIds.size());
            Map<String, List<TaskState>> out = new LinkedHashMap<>();
            for (String id : serviceIds) {
                int n = Integer.parseInt(id.substring(2));
                List<TaskState> tasks = new java.util.ArrayList<>();
                for (int i = 1; i <= n % 3 + 1; i++) {
                    tasks.add(new TaskState(id + "-" + i, i, "running", "running", null, null, null, "c" + n + "-" + i, null, null, null));
                }
                // a replacement Swarm is still starting: wanted, not running yet
                tasks.add(new TaskState(id + "-new", 1, "starting", "running", null, null, null, "c" + n + "-new", null, null, null));
                out.put(id, tasks);
            }
            return out;
        }

        @Override
        public Set<String> notHealthy(java.util.Collection<String> containerIds) {
            calls.add("health " + containerIds.size());
            // the first replica of every even service
            return containerIds.stream().filter(c -> c.endsWith("-1") && Integer.parseInt(c.substring(1, c.indexOf('-'))) % 2 == 0)
                    .collect(java.util.stream.Collectors.toSet());
        }

        @Override
        public Optional<ServiceState> service(String name) {
            throw new AssertionError("status looked up " + name + " alone");
        }

        @Override
        public List<TaskState> tasks(String serviceId) {
            throw new AssertionError("status listed the tasks of " + serviceId + " alone");
        }

        @Override
        public ContainerState container(String containerId) {
            throw new AssertionError("status inspected container " + containerId + " alone");
        }

        @Override
        public String create(ObjectNode spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void update(String id, long version, ObjectNode spec) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void remove(String id) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int runningContainers(String serviceId) {
            return 0;
        }

        @Override
        public Optional<String> imageId(String ref) {
            return Optional.empty();
        }

        @Override
        public Set<String> hostNetworks() {
            return Set.of();
        }

        @Override
        public ObjectIds ensureObjects(List<SwarmObject> objects) {
            throw new UnsupportedOperationException();
        }
    }

    DeployContext context(Swarm swarm, HistoryStore store) {
        Map<String, Object> services = new LinkedHashMap<>();
        for (int i = 1; i <= 10; i++) {
            services.put(String.format("s%02d", i), Map.of("image", "img"));
        }
        DeployConfig.Environment env = new DeployConfig.Environment("prod", "acme", List.of(dir.resolve("compose.yml")), null, null,
                false, List.of(), Map.of(), "zerofail.yaml:2 environments.prod");
        return new DeployContext(env, Map.of("services", services), dir, List.of(), null, store, swarm, Clock.systemUTC(),
                Sleeper.REAL, Progress.NONE);
    }

    @Test
    void tenServicesInThreeEngineCallsListedInFileOrder() {
        StackSwarm swarm = new StackSwarm(Set.of("acme_s05"));
        try (HistoryStore store = HistoryStore.open("jdbc:sqlite:" + dir.resolve("h.db"), null, null)) {
            long done = deployment(store, "s03", DeployState.SUCCEEDED);
            long inProgress = deployment(store, "s03", DeployState.RUNNING);
            deployment(store, "s04", DeployState.RUNNING);
            Inspector inspector = new Inspector(context(swarm, store));
            List<Inspector.ServiceStatus> st = inspector.status();
            assertThat(st).extracting(Inspector.ServiceStatus::service)
                    .containsExactly("s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10");
            Inspector.ServiceStatus s04 = st.get(3);
            assertThat(s04.deployed()).isTrue();
            assertThat(s04.swarmName()).isEqualTo("acme_s04");
            assertThat(s04.image()).isEqualTo("img:4");
            assertThat(s04.desired()).isEqualTo(2);
            assertThat(s04.running()).as("the starting replacement is not running").isEqualTo(2);
            assertThat(s04.healthy()).isEqualTo(1);
            assertThat(st.get(8).running()).isEqualTo(1);
            assertThat(st.get(8).healthy()).isEqualTo(1);
            assertThat(st.get(4).deployed()).isFalse();
            assertThat(st.get(4).running()).isZero();
            // the history: s03's last finished deploy and the one in progress; s04 has none finished
            assertThat(st.get(2).last().id()).isEqualTo(done);
            assertThat(st.get(2).inProgress().id()).isEqualTo(inProgress);
            assertThat(st.get(3).last()).isNull();
            assertThat(st.get(3).inProgress()).isNotNull();
            assertThat(st.get(0).last()).isNull();
            assertThat(st.get(0).inProgress()).isNull();
            // nine services found, 2 + 3 + 1 + ... running replicas: one call each, whatever the count
            assertThat(swarm.calls).containsExactly("ping", "services 10", "tasks 9", "health 17");

            inspector.status(); // --watch: the daemon was reached once already
            assertThat(swarm.calls).containsExactly("ping", "services 10", "tasks 9", "health 17", "services 10", "tasks 9",
                    "health 17");
        }
    }

    @Test
    void aDaemonFailureIsTheCommandsFailure() {
        Swarm down = new StackSwarm(Set.of()) {
            @Override
            public Map<String, List<TaskState>> desiredRunning(java.util.Collection<String> serviceIds) {
                throw new ZerofailException(dev.zerofail.core.ExitCode.SERVICE_UNAVAILABLE, "unix:///var/run/docker.sock",
                        "cannot reach the Docker daemon", "start it");
            }
        };
        try (HistoryStore store = HistoryStore.open("jdbc:sqlite:" + dir.resolve("h.db"), null, null)) {
            assertThatThrownBy(() -> new Inspector(context(down, store)).status()).isInstanceOf(ZerofailException.class)
                    .hasMessageContaining("cannot reach the Docker daemon");
        }
    }

    private static long deployment(HistoryStore store, String service, DeployState state) {
        long id = store.start(new Deployment(0, "prod", service, DeployKind.DEPLOY, DeployState.RUNNING, "alice", "release",
                "img:1", "img:2", "fp1", "fp2", "{}", "{}", 1L, null, T0, null, null, null, false));
        if (state != DeployState.RUNNING) {
            store.finish(id, state, 0, null, 2L, T0.plusSeconds(30));
        }
        return id;
    }
}
