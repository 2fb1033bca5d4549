package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.Await;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the shaded jar in the middle of a deploy: the row stays RUNNING, and the next command
 * (status, rollback) finds it, takes the dead process's lock over at once (its pid is gone on this host),
 * inspects the service and either completes the record or rolls back.
 */
class DeployRecoveryIT {
    @TempDir
    Path dir;

    /** Starts {@code deploy --image IMAGE} in a child JVM and kills it with SIGKILL once the update was sent. */
    private static void killMidDeploy(DeployHarness h, String image) throws Exception {
        String jar = System.getProperty("zerofail.jar");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
                "deploy", "--env", "it", "--service", "web", "--image", image, "--config", dir(h).resolve("zerofail.yaml").toString())
                .redirectErrorStream(true).redirectOutput(dir(h).resolve("child.log").toFile()).start();
        Await.until("the child to record the update", Duration.ofSeconds(60), () -> {
            assertThat(p.isAlive()).as("the child deploy is still running; its log: %s", dir(h).resolve("child.log")).isTrue();
            try (HistoryStore store = h.history()) {
                return store.running().stream().anyMatch(d -> store.events(d.id()).stream().anyMatch(e -> e.phase().equals("updating")));
            }
        });
        // "updating" is recorded just before the update is sent: wait until Swarm has it, not for a while
        Await.until("Swarm to have the child's update to " + image, Duration.ofSeconds(60),
                () -> h.target.service(h.service()).map(s -> s.image().startsWith(image)).orElse(false));
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        try (HistoryStore store = h.history()) {
            assertThat(store.running()).hasSize(1);
        }
    }

    private static Path dir(DeployHarness h) {
        return h.dir;
    }

    @Test
    void aKilledGoodDeployIsCompletedByTheNextCommand() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "1s", "20s")) {
            DeployHarness.Run first = h.zerofail("deploy", "--env", "it");
            assertThat(first.exit()).as(first.err()).isZero();
            killMidDeploy(h, h.image("slow"));
            long started = System.currentTimeMillis();
            DeployHarness.Run status = h.zerofail("status", "--env", "it");
            long took = System.currentTimeMillis() - started;
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.err()).contains("left RUNNING by a process that is gone");
            assertThat(status.out()).contains("recovered");
            try (HistoryStore store = h.history()) {
                assertThat(store.running()).isEmpty();
                Deployment d = store.list("it", "web", null, 1).get(0);
                assertThat(d.state()).isEqualTo(DeployState.SUCCEEDED);
                assertThat(store.events(d.id())).extracting(DeployEvent::phase).contains("updating", "recovering", "succeeded");
                // a figure for docs/deploy.md and issue 13, not an assertion: tests never assert wall time
                long recovering = store.events(d.id()).stream().filter(e -> e.phase().equals("recovering")).findFirst()
                        .orElseThrow().at().toEpochMilli() - started;
                System.err.println("[figure] status after kill -9: recovery started after " + recovering + " ms, status took "
                        + took + " ms (in-process, no JVM start)");
            }
            assertThat(h.answers(1)).containsExactly("200 zf-deploy slow");
        }
    }

    @Test
    void aKilledFailingDeployIsRolledBackByTheNextCommand() throws Exception {
        try (DeployHarness h = new DeployHarness(dir, 1, "1s", "20s")) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isZero();
            killMidDeploy(h, h.image("badhealth"));
            DeployHarness.Run next = h.zerofail("rollback", "--env", "it", "--service", "web", "--to", "previous");
            assertThat(next.err()).contains("left RUNNING by a process that is gone");
            try (HistoryStore store = h.history()) {
                List<Deployment> all = store.list("it", "web", null, 0);
                Deployment killed = all.stream().filter(d -> h.image("badhealth").equals(d.toImage())).findFirst().orElseThrow();
                assertThat(killed.state()).as(next.err()).isEqualTo(DeployState.ROLLED_BACK);
                assertThat(store.failures(killed.id())).isNotEmpty();
                assertThat(store.events(killed.id())).extracting(DeployEvent::phase).contains("recovering", "rollback-started",
                        "rolled-back");
            }
            // the recovery already put good1 back: there is no earlier success that differs from it
            assertThat(next.exit()).as(next.err()).isEqualTo(2);
            assertThat(next.err()).contains("no earlier successful deploy");
            DeployHarness.Run verify = h.zerofail("verify", "--env", "it");
            assertThat(verify.exit()).as(verify.out()).isZero();
            assertThat(h.answers(1)).containsExactly("200 zf-deploy good1");
        }
    }
}
