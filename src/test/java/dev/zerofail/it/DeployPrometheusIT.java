package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.Deployment;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import java.net.ServerSocket;
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

    private static Process prometheus(Path dir, int port) throws Exception {
        String bin = Services.require("ZEROFAIL_IT_PROMETHEUS_BIN", "Prometheus");
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 15s\n");
        Process p = new ProcessBuilder(bin, "--config.file=" + dir.resolve("prometheus.yml"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("tsdb"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        HttpClient c = HttpClient.newHttpClient();
        for (int i = 0; i < 150; i++) {
            try {
                if (c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        p.destroyForcibly();
        throw new AssertionError("Prometheus did not become ready: " + Files.readString(dir.resolve("prometheus.log")));
    }

    @Test
    void aQueryAboveItsMaxRollsBackAndOneWithinLetsTheDeployThrough() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path prom = Files.createDirectories(dir.resolve("prom"));
        Path repo = Files.createDirectories(dir.resolve("repo"));
        Process p = prometheus(prom, port);
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
