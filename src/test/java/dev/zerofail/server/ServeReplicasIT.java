package dev.zerofail.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.TestEnv;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.history.HistoryStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two servers, each with its own connection pool (as two replicas have), on the real PostgreSQL:
 * a deploy started through one is visible through the other (GET and SSE) and locked there (409).
 * The deploy engine is {@link FakeEngine}: the lock and the records are what is shared, not Docker.
 */
class ServeReplicasIT {
    private static final String TOKEN = "zf_replicas-it-deployer-0123456789";

    @Test
    void aDeployStartedThroughOneReplicaIsVisibleAndLockedThroughTheOther() throws Exception {
        String url = TestEnv.requireEnv("ZEROFAIL_IT_PG_URL", "PostgreSQL", "run scripts/services");
        String user = TestEnv.requireEnv("ZEROFAIL_IT_PG_USER", "PostgreSQL", "run scripts/services");
        String password = TestEnv.requireEnv("ZEROFAIL_IT_PG_PASSWORD", "PostgreSQL", "run scripts/services");
        // an environment of its own: other ITs share this database
        String env = "actions-" + UUID.randomUUID().toString().substring(0, 8);
        ServeConfig config = new ServeConfig("127.0.0.1", 0, List.of(new ApiToken("ci", Role.DEPLOYER,
                TokenHash.of(TOKEN, TokenHash.MIN_ITERATIONS, new SecureRandom()))), Set.of(), 1000);
        Map<String, DeployConfig.Environment> envs = Map.of(env, new DeployConfig.Environment(env, env, List.of(Path.of("compose.yaml")),
                null, null, false, List.of(), Map.of(), "environments." + env));
        FakeEngine engine = new FakeEngine();
        HttpClient http = HttpClient.newHttpClient();
        try (HistoryStore storeA = HistoryStore.open(url, user, password); HistoryStore storeB = HistoryStore.open(url, user, password);
                Server a = new Server(new Server.Deps(config, storeA, envs, e -> null, Clock.systemUTC(), engine));
                Server b = new Server(new Server.Deps(config, storeB, envs, e -> null, Clock.systemUTC(), engine))) {
            int portA = a.start("127.0.0.1", 0);
            int portB = b.start("127.0.0.1", 0);
            HttpResponse<Stream<String>> events = http.send(request(portB, "/api/v1/events?env=" + env).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(events.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try {
                    events.body().forEach(lines::add);
                } catch (RuntimeException closed) {
                    // stream closed at the end
                }
            });
            reader.setDaemon(true);
            reader.start();

            String body = "{\"env\":\"" + env + "\",\"service\":\"api\"}";
            HttpResponse<String> started = http.send(request(portA, "/api/v1/deployments").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            long id = json(started.body()).path("deploymentId").asLong();

            HttpResponse<String> seen = http.send(request(portB, "/api/v1/deployments/" + id).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json(seen.body()).path("state").asText()).isEqualTo("running");
            HttpResponse<String> locked = http.send(request(portB, "/api/v1/deployments").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(locked.statusCode()).as(locked.body()).isEqualTo(409);
            assertThat(json(locked.body()).path("detail").asText()).contains("deployment " + id);

            String started2 = null;
            for (int i = 0; i < 200 && started2 == null; i++) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("data: ") && line.contains("\"phase\":\"started\"")) {
                    started2 = line;
                }
            }
            assertThat(started2).as("replica B streamed the start of the deploy made through A").contains("\"deploymentId\":" + id);
            engine.release.countDown();
            events.body().close();
        }
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json");
    }

    private static JsonNode json(String body) {
        return OpenApiContract.read(body.getBytes(StandardCharsets.UTF_8));
    }
}
