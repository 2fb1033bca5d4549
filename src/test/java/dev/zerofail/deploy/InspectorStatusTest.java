package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmObject;
import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} reads its services side by side and answers in the compose file's order. */
class InspectorStatusTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Ten services; every service lookup waits for a second one to be in flight, so a one-at-a-time status never gets past the first. */
    static class TwoAtATimeSwarm implements Swarm {
        final CyclicBarrier pair = new CyclicBarrier(2);
        final Set<String> missing;

        TwoAtATimeSwarm(Set<String> missing) {
            this.missing = missing;
        }

        @Override
        public void ping() {
        }

        @Override
        public Optional<ServiceState> service(String name) {
            try {
                // a guard against hanging, not a timing assertion: sequential lookups never meet a partner
                pair.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("service lookups did not run side by side", e);
            }
            if (missing.contains(name)) {
                return Optional.empty();
            }
            int n = Integer.parseInt(name.substring(name.length() - 2));
            ObjectNode spec = JSON.createObjectNode();
            spec.putObject("TaskTemplate").putObject("ContainerSpec").put("Image", "img:" + n);
            spec.putObject("Mode").putObject("Replicated").put("Replicas", n % 3 + 1);
            return Optional.of(new ServiceState("id" + n, name, 1, spec, null, "completed", null, null));
        }

        @Override
        public List<TaskState> tasks(String serviceId) {
            int n = Integer.parseInt(serviceId.substring(2));
            // n % 3 + 1 running tasks, plus a finished one that status must not count
            List<TaskState> out = new java.util.ArrayList<>();
            for (int i = 1; i <= n % 3 + 1; i++) {
                out.add(new TaskState(serviceId + "-" + i, i, "running", "running", null, null, null, "c" + n + "-" + i, null, null, null));
            }
            out.add(new TaskState(serviceId + "-old", 1, "shutdown", "shutdown", null, null, 0, "old", null, null, null));
            return out;
        }

        @Override
        public ContainerState container(String containerId) {
            // the first replica of every even service is unhealthy
            boolean sick = containerId.endsWith("-1") && Integer.parseInt(containerId.substring(1, containerId.indexOf('-'))) % 2 == 0;
            return new ContainerState(sick ? "unhealthy" : "healthy", true, null);
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
    void tenServicesAreReadSideBySideAndListedInFileOrder() {
        try (HistoryStore store = HistoryStore.open("jdbc:sqlite:" + dir.resolve("h.db"), null, null)) {
            List<Inspector.ServiceStatus> st = new Inspector(context(new TwoAtATimeSwarm(Set.of("acme_s05")), store)).status();
            assertThat(st).extracting(Inspector.ServiceStatus::service)
                    .containsExactly("s01", "s02", "s03", "s04", "s05", "s06", "s07", "s08", "s09", "s10");
            Inspector.ServiceStatus s04 = st.get(3);
            assertThat(s04.deployed()).isTrue();
            assertThat(s04.swarmName()).isEqualTo("acme_s04");
            assertThat(s04.image()).isEqualTo("img:4");
            assertThat(s04.desired()).isEqualTo(2);
            assertThat(s04.running()).isEqualTo(2);
            assertThat(s04.healthy()).isEqualTo(1);
            assertThat(st.get(8).running()).isEqualTo(1);
            assertThat(st.get(8).healthy()).isEqualTo(1);
            assertThat(st.get(4).deployed()).isFalse();
            assertThat(st.get(4).running()).isZero();
        }
    }

    @Test
    void aFailureOfOneServiceIsTheCommandsFailure() {
        Swarm down = new TwoAtATimeSwarm(Set.of()) {
            @Override
            public List<TaskState> tasks(String serviceId) {
                if (serviceId.equals("id7")) {
                    throw new ZerofailException(dev.zerofail.core.ExitCode.SERVICE_UNAVAILABLE, "unix:///var/run/docker.sock",
                            "cannot reach the Docker daemon", "start it");
                }
                return super.tasks(serviceId);
            }
        };
        try (HistoryStore store = HistoryStore.open("jdbc:sqlite:" + dir.resolve("h.db"), null, null)) {
            assertThatThrownBy(() -> new Inspector(context(down, store)).status()).isInstanceOf(ZerofailException.class)
                    .hasMessageContaining("cannot reach the Docker daemon");
        }
    }
}
