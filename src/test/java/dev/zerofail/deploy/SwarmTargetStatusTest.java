package dev.zerofail.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.zerofail.swarm.DockerEngine;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Engine API calls {@code status} makes for a whole stack, against a stand-in daemon. */
class SwarmTargetStatusTest {
    @RegisterExtension
    static WireMockExtension daemon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1")).build();

    @TempDir
    Path home;

    private DockerEngine engine() {
        return DockerEngine.connect(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + daemon.getPort()), home);
    }

    private static String service(String id, String name) {
        return "{\"ID\":\"" + id + "\",\"Version\":{\"Index\":7},\"Spec\":{\"Name\":\"" + name + "\",\"TaskTemplate\":"
                + "{\"ContainerSpec\":{\"Image\":\"acme/" + name + ":1\"}},\"Mode\":{\"Replicated\":{\"Replicas\":2}}},"
                + "\"UpdateStatus\":{\"State\":\"completed\"}}";
    }

    private static String task(String id, String serviceId, String state, String container) {
        return "{\"ID\":\"" + id + "\",\"ServiceID\":\"" + serviceId + "\",\"Slot\":1,\"DesiredState\":\"running\","
                + "\"Status\":{\"State\":\"" + state + "\",\"ContainerStatus\":{\"ContainerID\":\"" + container + "\"}}}";
    }

    @Test
    void servicesAreOneListCallMatchedByWholeName() {
        // the daemon's name filter matches prefixes: acme_s1 brings acme_s10 along
        daemon.stubFor(get(urlPathMatching(".*/services")).willReturn(okJson("[" + service("id10", "acme_s10") + ","
                + service("id1", "acme_s1") + "]")));
        try (DockerEngine e = engine()) {
            Map<String, Swarm.ServiceState> found = new SwarmTarget(e).services(List.of("acme_s1", "acme_s2"));
            assertThat(found).containsOnlyKeys("acme_s1");
            Swarm.ServiceState s1 = found.get("acme_s1");
            assertThat(s1.id()).isEqualTo("id1");
            assertThat(s1.image()).isEqualTo("acme/acme_s1:1");
            assertThat(s1.replicas()).isEqualTo(2);
            assertThat(s1.version()).isEqualTo(7);
            assertThat(s1.updateState()).isEqualTo("completed");
        }
        daemon.verify(1, getRequestedFor(urlPathMatching(".*/services"))
                .withQueryParam("filters", equalToJson("{\"name\":[\"acme_s1\",\"acme_s2\"]}")));
    }

    @Test
    void tasksOfSeveralServicesAreOneListCallGroupedByService() {
        daemon.stubFor(get(urlPathMatching(".*/tasks")).willReturn(okJson("[" + task("t1", "id1", "running", "c1") + ","
                + task("t2", "id2", "running", "c2") + "," + task("t3", "id1", "starting", "c3") + ","
                + task("t9", "other", "running", "c9") + "]")));
        try (DockerEngine e = engine()) {
            Map<String, List<Swarm.TaskState>> tasks = new SwarmTarget(e).desiredRunning(List.of("id1", "id2", "id3"));
            assertThat(tasks).containsOnlyKeys("id1", "id2", "id3");
            assertThat(tasks.get("id1")).extracting(Swarm.TaskState::id).containsExactly("t1", "t3");
            assertThat(tasks.get("id1")).extracting(Swarm.TaskState::state).containsExactly("running", "starting");
            assertThat(tasks.get("id2")).extracting(Swarm.TaskState::containerId).containsExactly("c2");
            assertThat(tasks.get("id3")).isEmpty();
        }
        daemon.verify(1, getRequestedFor(urlPathMatching(".*/tasks")).withQueryParam("filters",
                equalToJson("{\"service\":[\"id1\",\"id2\",\"id3\"],\"desired-state\":[\"running\"]}")));
    }

    @Test
    void notHealthyIsOneListCallOfStartingAndUnhealthyContainers() {
        daemon.stubFor(get(urlPathMatching(".*/containers/json")).willReturn(okJson("[{\"Id\":\"c1\"},{\"Id\":\"c9\"}]")));
        try (DockerEngine e = engine()) {
            assertThat(new SwarmTarget(e).notHealthy(List.of("c1", "c2"))).containsExactly("c1");
        }
        daemon.verify(1, getRequestedFor(urlPathMatching(".*/containers/json"))
                .withQueryParam("filters", equalToJson("{\"health\":[\"starting\",\"unhealthy\"]}")));
    }

    @Test
    void nothingToAskIsNoCall() {
        try (DockerEngine e = engine()) {
            SwarmTarget t = new SwarmTarget(e);
            assertThat(t.services(List.of())).isEmpty();
            assertThat(t.desiredRunning(List.of())).isEmpty();
            assertThat(t.notHealthy(List.of())).isEmpty();
        }
        assertThat(daemon.getAllServeEvents()).isEmpty();
    }
}
