package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.Await;
import dev.zerofail.Ports;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus gate against a real Prometheus (its instant query API): a query above its max
 * rolls the deploy back, one within it lets the deploy through. The queries are constant
 * expressions, so the test does not depend on scraping.
 */
class DeployPrometheusIT {
    @TempDir
    Path dir;

    record Prometheus(Process process, int port) {
    }

    /**
     * Starts Prometheus on a free port and waits until it is ready. Prometheus, not the test, must
     * listen there, so the test cannot hold the port: if something took it in between, Prometheus
     * exits ("address already in use") and the next attempt uses another port.
     */
    private static Prometheus prometheus(Path dir) throws Exception {
        String bin = Services.require("ZEROFAIL_IT_PROMETHEUS_BIN", "Prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
        Path log = dir.resolve("prometheus.log");
        HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (int attempt = 1; ; attempt++) {
            int port = Ports.forAnotherProcess();
            Process p = new ProcessBuilder(bin, "--config.file=" + dir.resolve("prometheus.yml"),
                    "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("tsdb"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            try {
                Await.until("Prometheus to be ready or to exit (log: " + log + ")", Duration.ofSeconds(60),
                        () -> !p.isAlive() || c.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            } catch (AssertionError | InterruptedException e) {
                p.destroyForcibly();
                throw e;
            }
            if (p.isAlive()) {
                return new Prometheus(p, port);
            }
            String out = Files.readString(log);
            assertThat(attempt < 3 && out.contains("address already in use")).as("Prometheus exited: %s", out).isTrue();
        }
    }

    @Test
    void aQueryAboveItsMaxRollsBackAndOneWithinLetsTheDeployThrough() throws Exception {
        Path prom = Files.createDirectories(dir.resolve("prom"));
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Prometheus server = prometheus(prom);
        int port = server.port();
        Process p = server.process();
        try (DeployHarness h = new DeployHarness(repo, 1, "2s", "20s", """
                          prometheus:
                            url: http://127.0.0.1:%d
                            interval: 250ms
                            failures: 2
                            queries:
                              - {query: "vector(0.2) + 0 * time()", max: 0.05}
                """.formatted(port))) {
            assertThat(h.zerofail("deploy", "--env", "it").exit()).isEqualTo(4);
            try (HistoryStore store = h.history()) {
                Deployment d = store.list("it", "web", null, 1).get(0);
                List<GateResult> prometheus = store.gates(d.id()).stream().filter(g -> g.gate().equals("prometheus")).toList();
                assertThat(prometheus).hasSizeGreaterThanOrEqualTo(2).allSatisfy(g -> {
                    assertThat(g.passed()).isFalse();
                    assertThat(g.detail()).contains("= 0.2 > 0.05");
                });
            }
            // the service did not exist before: the failed first deploy removed it
            assertThat(h.target.service(h.service())).isEmpty();

            Files.writeString(repo.resolve("zerofail.yaml"), Files.readString(repo.resolve("zerofail.yaml"))
                    .replace("vector(0.2) + 0 * time()", "vector(0.01)"));
            DeployHarness.Run ok = h.zerofail("deploy", "--env", "it");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.err()).contains("✓ prometheus").contains("= 0.01 ≤ 0.05");
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
