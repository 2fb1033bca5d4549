package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DrillTimes;
import dev.zerofail.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zerofail deploy --drill} on the real Swarm with the deploy test images (scripts/services):
 * good1 deployed with its wget healthcheck, then drilled while a probe sends requests to every
 * replica every 50 ms. The daemon runs the drill's {@code exit 1} healthcheck, zerofail must see the
 * task unhealthy, roll back, and leave good1 with its own healthcheck running, as before.
 */
class DrillIT {
    @TempDir
    Path dir;

    @Test
    void aDrillIsDetectedAndRestoredOnTheRealSwarmAndRecordedAsProof() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, "drill-it-", 2, "2s", "40s", "")) {
            // the drill needs good1 healthy throughout: a healthcheck that tolerates a machine this busy
            Path compose = dir.resolve("docker-compose.yml");
            String tolerant = Files.readString(compose).replace("interval: 500ms", "interval: 1s").replace("timeout: 1s", "timeout: 5s")
                    .replace("retries: 2", "retries: 5");
            assertThat(tolerant).contains("retries: 5");
            Files.writeString(compose, tolerant);
            DeployHarness.Run first = h.zerofail("deploy", "--env", "it");
            assertThat(first.exit()).as(first.err()).isZero();
            JsonNode before = h.target.service(h.service()).orElseThrow().spec().path("TaskTemplate").deepCopy();

            DeployHarness.Run drill;
            try (DeployHarness.Probe probe = h.new Probe()) {
                drill = h.zerofail("deploy", "--drill", "--env", "it", "--actor", "it-bot", "--format", "json");
                probe.close();
                assertThat(probe.requests.get()).isGreaterThan(10);
                assertThat(probe.emptyTicks.get()).as("moments without a healthy replica (%s)%n%s", probe.failures, drill.err())
                        .isZero();
            }
            assertThat(drill.exit()).as(drill.err()).isZero();
            JsonNode result = new ObjectMapper().readTree(drill.out()).get("result");
            assertThat(result.get("command").asText()).isEqualTo("drill");
            JsonNode svc = result.get("services").get(0);
            assertThat(svc.get("kind").asText()).isEqualTo("drill");
            assertThat(svc.get("state").asText()).isEqualTo("rolled_back");
            JsonNode figures = svc.get("drill");
            assertThat(figures.get("healthcheck").asText()).isEqualTo("replaced");
            // unhealthy at the first probe; on a busy machine Swarm may have killed the container before zerofail's next poll
            assertThat(figures.get("detectedBy").asText()).isIn("container-health", "task-exit", "task-state");
            assertThat(drill.err()).contains("stop-first (host ports)");
            assertThat(figures.get("detectionMs").asLong()).isNotNegative();
            assertThat(figures.get("restoreMs").asLong()).isPositive();

            // good1 runs again on both replicas with its own healthcheck, as before the drill
            assertThat(h.answers(2)).containsOnly("200 zf-deploy good1");
            assertThat(h.target.service(h.service()).orElseThrow().spec().path("TaskTemplate")).isEqualTo(before);
            assertThat(h.zerofail("deploy", "--env", "it").out()).contains("unchanged (no-op)");

            try (HistoryStore store = h.history()) {
                Deployment row = store.get(svc.get("deploymentId").asLong()).orElseThrow();
                assertThat(row.kind()).isEqualTo(DeployKind.DRILL);
                assertThat(row.state()).isEqualTo(DeployState.ROLLED_BACK);
                assertThat(row.exitCode()).isZero();
                assertThat(store.lastRollbackProof("it", Instant.now().minus(Duration.ofDays(30)))).map(Deployment::id)
                        .contains(row.id());
                assertThat(store.lastSucceeded("it", "web").orElseThrow().kind()).isEqualTo(DeployKind.DEPLOY);
                // the first failed check is the daemon's first failed probe of the drill's task
                assertThat(store.events(row.id())).filteredOn(e -> e.phase().equals(DrillTimes.CHECK_FAILED))
                        .singleElement().extracting(DeployEvent::message).asString().contains("the daemon's health log");
                assertThat(DrillTimes.of(store.events(row.id())).restoreMs()).isEqualTo(figures.get("restoreMs").asLong());
            }
        }
    }
}
