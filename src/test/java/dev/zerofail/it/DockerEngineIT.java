package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.RefusedPort;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.swarm.DockerEngine;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DockerEngine against the real swarm daemon from scripts/services, and against endpoints with no daemon. */
class DockerEngineIT {
    @TempDir
    Path home;

    @Test
    void pingsTheSwarmManager() {
        String host = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker (swarm mode)");
        try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", host), home)) {
            engine.ping(); // throws unless an active manager answers
            assertThat(engine.request("read info", "GET", "/info", null).path("Swarm").path("LocalNodeState").asText())
                    .isEqualTo("active");
            assertThat(engine.request("read a missing service", "GET", "/services/zerofail-no-such-service", null)).isNull();
            assertThat(engine.client().listServicesCmd().exec()).isNotNull();
        }
    }

    @Test
    void aClosedTcpPortIsExit3NamingTheEndpoint() throws Exception {
        try (RefusedPort refused = new RefusedPort()) {
            String host = "tcp://127.0.0.1:" + refused.port();
            try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", host), home)) {
                assertThatThrownBy(engine::ping).isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.describe()).contains(host).contains("cannot reach the Docker daemon")
                            .doesNotContain("\tat ");
                });
            }
        }
    }
}
