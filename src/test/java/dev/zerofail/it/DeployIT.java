package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.Await;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.TaskFailure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zerofail deploy / rollback / verify / status against the real Swarm with the deploy test images
 * (scripts/services): each case deploys good1 first, then the image under test, with a probe
 * sending requests to every replica every 50 ms.
 */
class DeployIT {
    @TempDir
    Path dir;

    private static Deployment last(HistoryStore h) {
        return h.list("it", "web", null, 1).get(0);
    }

    @Test
    void goodDeployOfTwoReplicasSucceedsWithoutAFailedRequestAndIsRecorded() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 2, "2s", "20s")) {
            DeployHarness.Run first = h.zerofail("deploy", "--env", "it", "--actor", "it-bot", "--reason", "first");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(h.answers(2)).containsOnly("200 zf-deploy good1");
            DeployHarness.Run second;
            try (DeployHarness.Probe probe = h.new Probe()) {
                second = h.zerofail("deploy", "--env", "it", "--image", h.image("good2"), "--service", "web", "--format", "json");
                probe.close();
                assertThat(second.exit()).as(second.err()).isZero();
                assertThat(probe.requests.get()).isGreaterThan(20);
                assertThat(probe.failed.get()).as("failed requests %s", probe.failures).isZero();
                assertThat(probe.emptyTicks.get()).as("moments without a healthy replica").isZero();
            }
            assertThat(h.answers(2)).containsOnly("200 zf-deploy good2");
            assertThat(second.out()).contains("\"state\" : \"succeeded\"").contains("\"exitCode\" : 0");
            assertThat(second.err()).contains("replica 1 of 2").contains("✓ http");
            // the same spec again is a recorded no-op
            DeployHarness.Run again = h.zerofail("deploy", "--env", "it", "--image", h.image("good2"), "--service", "web");
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("unchanged (no-op)");
            try (HistoryStore store = h.history()) {
                List<Deployment> all = store.list("it", "web", null, 0);
                assertThat(all).extracting(Deployment::state).containsExactly(DeployState.NOOP, DeployState.SUCCEEDED,
                        DeployState.SUCCEEDED);
                Deployment ok = all.get(1);
                assertThat(ok.fromImage()).isEqualTo(h.image("good1"));
                assertThat(ok.toImage()).isEqualTo(h.image("good2"));
                assertThat(ok.exitCode()).isZero();
                assertThat(all.get(2).actor()).isEqualTo("it-bot");
                assertThat(all.get(2).reason()).isEqualTo("first");
                assertThat(store.events(ok.id())).extracting(DeployEvent::phase)
                        .contains("started", "updating", "deploy-healthy", "succeeded");
                assertThat(store.gates(ok.id())).extracting(g -> g.gate())
                        .contains("preflight.freeze", "preflight.image", "preflight.secrets", "preflight.lock", "container-health", "http");
            }
            DeployHarness.Run verify = h.zerofail("verify", "--env", "it");
            assertThat(verify.exit()).as(verify.out()).isZero();
            DeployHarness.Run status = h.zerofail("status", "--env", "it");
            assertThat(status.out()).contains(h.image("good2")).contains("2/2 running").contains("noop");

            // the same facts as JSON, valid against docs/schemas (the harness checks every -f json output)
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            com.fasterxml.jackson.databind.JsonNode deployed = json.readTree(second.out()).get("result");
            assertThat(deployed.get("services").get(0).get("runningNow").get("running").asInt()).isEqualTo(2);
            assertThat(deployed.get("services").get(0).get("runningNow").get("runningImages").get(h.image("good2")).asInt())
                    .isEqualTo(2);
            DeployHarness.Run verifyJson = h.zerofail("verify", "--env", "it", "-f", "json");
            assertThat(verifyJson.exit()).isZero();
            com.fasterxml.jackson.databind.JsonNode checks = json.readTree(verifyJson.out()).get("result").get("checks");
            assertThat(checks).isNotEmpty().allSatisfy(c -> assertThat(c.get("passed").asBoolean()).isTrue());
            assertThat(checks).anySatisfy(c -> assertThat(c.get("slot").asInt()).isEqualTo(2));
            DeployHarness.Run statusJson = h.zerofail("status", "--env", "it", "-f", "json");
            assertThat(statusJson.exit()).isZero();
            com.fasterxml.jackson.databind.JsonNode web = json.readTree(statusJson.out()).get("result").get("services").get(0);
            assertThat(web.get("running").asInt()).isEqualTo(2);
            assertThat(web.get("last").get("state").asText()).isEqualTo("noop");
            assertThat(web.get("last").get("toImage").asText()).isEqualTo(h.image("good2"));
        }
    }

    @Test
    void failingHealthOfTwoReplicasIsRolledBackWithoutAFailedRequest() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 2, "2s", "20s")) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isZero();
            DeployHarness.Run bad;
            try (DeployHarness.Probe probe = h.new Probe()) {
                bad = h.zerofail("deploy", "--env", "it", "--image", h.image("badhealth"), "--service", "web");
                probe.close();
                assertThat(probe.failed.get()).as("failed requests %s", probe.failures).isZero();
                assertThat(probe.emptyTicks.get()).as("moments without a healthy replica").isZero();
            }
            assertThat(bad.exit()).as(bad.err()).isEqualTo(4);
            assertThat(bad.out()).contains("FAILED and rolled back").contains("status 404");
            assertThat(h.answers(2)).containsOnly("200 zf-deploy good1");
            try (HistoryStore store = h.history()) {
                Deployment d = last(store);
                assertThat(d.state()).isEqualTo(DeployState.ROLLED_BACK);
                assertThat(d.exitCode()).isEqualTo(4);
                List<TaskFailure> failures = store.failures(d.id());
                assertThat(failures).hasSize(1);
                assertThat(failures.get(0).error()).contains("/health").contains("404");
                assertThat(store.events(d.id())).extracting(DeployEvent::phase).contains("rollback-started", "rolled-back");
            }
            assertThat(h.zerofail("verify", "--env", "it").exit()).isZero();
        }
    }

    @Test
    void crashingVersionIsRolledBackWithItsExitCodeRecorded() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "2s", "20s")) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isZero();
            DeployHarness.Run bad = h.zerofail("deploy", "--env", "it", "--image", h.image("crash"), "--service", "web", "-f",
                    "json");
            assertThat(bad.exit()).as(bad.err()).isEqualTo(4);
            com.fasterxml.jackson.databind.JsonNode web = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bad.out())
                    .get("result").get("services").get(0);
            assertThat(web.get("state").asText()).isEqualTo("rolled_back");
            assertThat(web.get("exitCode").asInt()).isEqualTo(4);
            assertThat(web.get("failures")).anySatisfy(f -> assertThat(f.get("exitCode").asInt()).isEqualTo(3));
            assertThat(web.get("runningNow").get("image").asText()).isEqualTo(h.image("good1"));
            assertThat(h.answers(1)).containsExactly("200 zf-deploy good1");
            try (HistoryStore store = h.history()) {
                Deployment d = last(store);
                assertThat(d.state()).isEqualTo(DeployState.ROLLED_BACK);
                assertThat(store.failures(d.id())).anySatisfy(f -> assertThat(f.exitCode()).isEqualTo(3));
            }
        }
    }

    @Test
    void slowStartWithinTheTimeoutSucceeds() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "1s", "20s")) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isZero();
            DeployHarness.Run slow = h.zerofail("deploy", "--env", "it", "--image", h.image("slow"), "--service", "web");
            assertThat(slow.exit()).as(slow.err()).isZero();
            assertThat(h.answers(1)).containsExactly("200 zf-deploy slow");
        }
    }

    @Test
    void lateFailureInsideTheMonitorWindowIsRolledBack() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "10s", "20s")) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isZero();
            DeployHarness.Run late = h.zerofail("deploy", "--env", "it", "--image", h.image("late"), "--service", "web");
            assertThat(late.exit()).as(late.err()).isEqualTo(4);
            assertThat(late.err()).contains("all 1 replica(s) passed the health gate").contains("after it had passed");
            assertThat(h.answers(1)).containsExactly("200 zf-deploy good1");
        }
    }

    @Test
    void rollbackToANamedDeployment() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "1s", "20s")) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isZero();
            assertThat(h.zerofail("deploy", "--env", "it", "--image", h.image("good2"), "--service", "web").exit()).isZero();
            long first;
            try (HistoryStore store = h.history()) {
                first = store.list("it", "web", null, 0).get(1).id();
            }
            DeployHarness.Run r = h.zerofail("rollback", "--env", "it", "--service", "web", "--to", Long.toString(first),
                    "--reason", "bad release");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(h.answers(1)).containsExactly("200 zf-deploy good1");
            try (HistoryStore store = h.history()) {
                Deployment d = last(store);
                assertThat(d.kind()).isEqualTo(DeployKind.ROLLBACK);
                assertThat(d.state()).isEqualTo(DeployState.SUCCEEDED);
                assertThat(d.toImage()).isEqualTo(h.image("good1"));
                assertThat(d.reason()).isEqualTo("bad release");
            }
            // previous: the newest success that differs from what runs now (good2)
            DeployHarness.Run prev = h.zerofail("rollback", "--env", "it", "--service", "web");
            assertThat(prev.exit()).as(prev.err()).isZero();
            assertThat(h.answers(1)).containsExactly("200 zf-deploy good2");
            assertThat(h.zerofail("rollback", "--env", "it", "--to", "999").exit()).isEqualTo(2);
        }
    }

    @Test
    void concurrentDeploysOneWaitsForTheOther() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "2s", "20s")) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isZero();
            DeployHarness.Run[] runs = new DeployHarness.Run[2];
            Thread a = new Thread(() -> runs[0] = h.zerofail("deploy", "--env", "it", "--image", h.image("good2"), "--service", "web",
                    "--wait", "60s"));
            a.start();
            Await.until("the first deploy to take the deploy lock", Duration.ofSeconds(60),
                    () -> h.lockHolder().isPresent() || !a.isAlive());
            assertThat(a.isAlive()).as("the first deploy still runs, holding the lock").isTrue();
            DeployHarness.Run failFast = h.zerofail("deploy", "--env", "it", "--image", h.image("slow"), "--service", "web");
            runs[1] = h.zerofail("deploy", "--env", "it", "--image", h.image("slow"), "--service", "web", "--wait", "60s");
            a.join();
            assertThat(failFast.exit()).as(failFast.err()).isEqualTo(3);
            assertThat(failFast.out() + failFast.err()).contains("held by");
            assertThat(runs[0].exit()).as(runs[0].err()).isZero();
            assertThat(runs[1].exit()).as(runs[1].err()).isZero();
            try (HistoryStore store = h.history()) {
                List<Deployment> all = store.list("it", "web", null, 0);
                Deployment second = all.get(0);
                Deployment first = all.stream().filter(d -> h.image("good2").equals(d.toImage())).findFirst().orElseThrow();
                assertThat(second.toImage()).isEqualTo(h.image("slow"));
                // the waiting deploy changed nothing until the first had finished
                DeployEvent updating = store.events(second.id()).stream().filter(e -> e.phase().equals("updating")).findFirst()
                        .orElseThrow();
                assertThat(updating.at()).isAfterOrEqualTo(first.finishedAt());
                assertThat(all).anySatisfy(d -> assertThat(d.state()).isEqualTo(DeployState.FAILED_PREFLIGHT));
            }
        }
    }

    @Test
    void unreachableDaemonIsExit3() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "1s", "5s")) {
            java.nio.file.Files.writeString(dir.resolve("zerofail.yaml"), java.nio.file.Files.readString(dir.resolve("zerofail.yaml"))
                    .replace("docker-host: " + h.dockerHost, "docker-host: unix://" + dir.resolve("no-such.sock")));
            DeployHarness.Run r = h.zerofail("deploy", "--env", "it");
            assertThat(r.exit()).isEqualTo(3);
            assertThat(r.err()).contains("no-such.sock").contains("cannot reach the Docker daemon");
        }
    }
}
