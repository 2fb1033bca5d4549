package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.zerofail.Await;
import dev.zerofail.RefusedPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP and Prometheus gates against a local HTTP server. */
class GatesTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> body = new AtomicReference<>("ok");
    private HttpServer server;

    private int start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static DeployConfig.HttpCheck check(String url, int retries, int consecutive) {
        return new DeployConfig.HttpCheck(url, 200, "ok", Duration.ofSeconds(1), Duration.ofMillis(20), retries, consecutive,
                Duration.ZERO);
    }

    /** Polls the gate until it leaves PENDING (within a deadline only a hang reaches) and returns its new state. */
    private static HttpGate.State settle(HttpGate g) throws InterruptedException {
        return Await.value("the gate on " + g.url() + " to pass or fail", Duration.ofSeconds(30),
                () -> g.poll(System.nanoTime()), s -> s != HttpGate.State.PENDING);
    }

    @Test
    void passesAfterConsecutiveGoodAnswersAndSubstitutesTheSlot() throws Exception {
        int port = start();
        HttpGate g = new HttpGate(check("http://127.0.0.1:" + port + "/h{slot}", 3, 3), 2, client, System.nanoTime());
        assertThat(g.url()).endsWith("/h2");
        assertThat(settle(g)).isEqualTo(HttpGate.State.PASSED);
        assertThat(g.detail()).contains("× 3");
    }

    @Test
    void failsAfterRetriesOfWrongAnswers() throws Exception {
        int port = start();
        status.set(404);
        HttpGate g = new HttpGate(check("http://127.0.0.1:" + port + "/", 3, 2), 1, client, System.nanoTime());
        assertThat(settle(g)).isEqualTo(HttpGate.State.FAILED);
        assertThat(g.detail()).contains("status 404 (expected 200)");
        status.set(200);
        body.set("not yet");
        HttpGate b = new HttpGate(check("http://127.0.0.1:" + port + "/", 2, 2), 1, client, System.nanoTime());
        assertThat(settle(b)).isEqualTo(HttpGate.State.FAILED);
        assertThat(b.detail()).contains("body does not contain 'ok'");
    }

    @Test
    void aRefusedConnectionIsNotListeningYetUntilTheCheckPassed() throws Exception {
        try (RefusedPort refused = new RefusedPort()) {
            // retries 1: a refusal counted as a failure would fail the gate at the poll that judges it
            HttpGate g = new HttpGate(check("http://127.0.0.1:" + refused.port() + "/", 1, 2), 1, client, System.nanoTime());
            AtomicReference<HttpGate.State> state = new AtomicReference<>();
            Await.until("the gate to judge a refused connection", Duration.ofSeconds(30), () -> {
                state.set(g.poll(System.nanoTime()));
                return g.detail().equals("connection refused");
            });
            assertThat(state.get()).isEqualTo(HttpGate.State.PENDING);
            assertThat(g.poll(System.nanoTime())).isEqualTo(HttpGate.State.PENDING);
            assertThat(g.everPassed()).isFalse();
        }
    }

    @Test
    void aReplicaThatPassedAndStopsAnsweringFails() throws Exception {
        int port = start();
        HttpGate g = new HttpGate(check("http://127.0.0.1:" + port + "/", 2, 1), 1, client, System.nanoTime());
        assertThat(settle(g)).isEqualTo(HttpGate.State.PASSED);
        server.stop(0);
        server = null;
        // PASSED, then PENDING after the first failed answer, FAILED after the second (retries 2)
        Await.until("the gate to fail once the replica stopped answering", Duration.ofSeconds(30),
                () -> g.poll(System.nanoTime()) == HttpGate.State.FAILED);
    }

    @Test
    void prometheusQueriesCompareWithMaxAndCountFailures() throws Exception {
        int port = start();
        body.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000,\"0.2\"]}]}}");
        DeployConfig.Prometheus cfg = new DeployConfig.Prometheus("http://127.0.0.1:" + port, List.of(
                new DeployConfig.Query("rate(errors[1m])", 0.05), new DeployConfig.Query("latency", 0.5)), Duration.ZERO, 3);
        PrometheusGate g = new PrometheusGate(cfg, client);
        List<PrometheusGate.Evaluation> first = g.poll(System.nanoTime());
        assertThat(first).extracting(PrometheusGate.Evaluation::passed).containsExactly(false, true);
        assertThat(first.get(0).value()).isEqualTo(0.2);
        assertThat(g.failed()).isFalse();
        g.poll(System.nanoTime());
        assertThat(g.failed()).isFalse();
        g.poll(System.nanoTime());
        assertThat(g.failed()).isTrue();
        body.set("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
        assertThat(g.evaluate(new DeployConfig.Query("up", 0)).passed()).isTrue();
        server.stop(0);
        server = null;
        assertThat(g.evaluate(new DeployConfig.Query("up", 0)).detail()).contains("unreachable");
    }
}
