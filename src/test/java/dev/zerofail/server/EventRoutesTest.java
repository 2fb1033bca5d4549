package dev.zerofail.server;

import static dev.zerofail.server.ServerHarness.DEPLOYER_TOKEN;
import static dev.zerofail.server.ServerHarness.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.history.DeployState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/events: framing, content type, the store as the source, filters, resuming with Last-Event-ID. */
class EventRoutesTest {
    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Stream<String>> open = new ArrayList<>();
    private ServerHarness h;

    /** One parsed SSE event. */
    record Sse(String id, String event, String data) {
        JsonNode json() {
            return OpenApiContract.read(data.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A stream read on its own thread into a queue, event by event, as a browser's EventSource would. */
    final class Stream2 {
        final HttpResponse<Stream<String>> response;
        final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();

        Stream2(String query, String lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + "/api/v1/events" + query))
                    .header("Authorization", "Bearer " + VIEWER_TOKEN);
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            open.add(response.body());
            Thread reader = new Thread(() -> {
                Map<String, String> fields = new LinkedHashMap<>();
                try {
                    response.body().forEach(line -> {
                        if (line.isEmpty()) {
                            if (fields.containsKey("data")) {
                                events.add(new Sse(fields.get("id"), fields.get("event"), fields.get("data")));
                            }
                            fields.clear();
                        } else if (!line.startsWith(":")) {
                            int colon = line.indexOf(':');
                            fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
                        }
                    });
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        Sse next() throws InterruptedException {
            Sse e = events.poll(20, TimeUnit.SECONDS);
            assertThat(e).as("an event within 20 s").isNotNull();
            return e;
        }
    }

    @AfterEach
    void stop() {
        engine.release.countDown();
        open.forEach(Stream::close);
        if (h != null) {
            h.close();
        }
    }

    private void start() {
        h = new ServerHarness(dir, Set.of(), 1000, env -> null, List.of(), engine);
    }

    private long deploy(String env, String service) {
        ServerHarness.Exchange e = h.post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"" + env + "\",\"service\":\"" + service + "\"}");
        assertThat(e.status()).as(e.body()).isEqualTo(202);
        return OpenApiContract.read(e.body().getBytes(StandardCharsets.UTF_8)).path("deploymentId").asLong();
    }

    @Test
    void aDeploysEventsAndGatesArriveInOrderFramedWithResumableIds() throws Exception {
        start();
        // history from before the stream opened is not replayed
        h.deployment("prod", "api", 0, DeployState.SUCCEEDED);
        h.store.event(new dev.zerofail.history.DeployEvent(1, ServerHarness.T0, "started", "old"));
        Stream2 s = new Stream2("", null);
        assertThat(s.response.statusCode()).isEqualTo(200);
        assertThat(s.response.headers().firstValue("Content-Type").orElse("")).startsWith(EventRoutes.MEDIA_TYPE);
        assertThat(OpenApiContract.DOC.path("paths").path("/api/v1/events").path("get").path("responses").path("200")
                .path("content").has(EventRoutes.MEDIA_TYPE)).isTrue();
        Sse opened = s.next();
        assertThat(opened.event()).isEqualTo("open");
        assertThat(opened.id()).isEqualTo("1.0");

        long id = deploy("prod", "api");
        Sse started = s.next();
        assertThat(started.event()).isEqualTo("started");
        assertThat(started.json().path("deploymentId").asLong()).isEqualTo(id);
        assertThat(started.json().path("environment").asText()).isEqualTo("prod");
        assertThat(started.json().path("service").asText()).isEqualTo("api");
        assertThat(started.json().path("kind").asText()).isEqualTo("deploy");
        assertThat(started.json().path("message").asText()).contains("api:ci");
        Sse lock = s.next();
        assertThat(lock.event()).isEqualTo("gate");
        assertThat(lock.json().path("gate").asText()).isEqualTo("preflight.lock");
        assertThat(lock.json().path("passed").asBoolean()).isTrue();
        engine.release.countDown();
        // the http gate and the success are written within a millisecond: either may come first
        List<Sse> rest = List.of(s.next(), s.next());
        assertThat(rest).extracting(Sse::event).containsExactlyInAnyOrder("gate", "succeeded");
        assertThat(rest).filteredOn(e -> e.event().equals("gate")).singleElement()
                .satisfies(e -> assertThat(e.json().path("gate").asText()).isEqualTo("http"));
        assertThat(List.of(started.id(), lock.id(), rest.get(0).id(), rest.get(1).id())).doesNotHaveDuplicates()
                .allMatch(i -> i.matches("[0-9]+\\.[0-9]+"));

        // a client that saw the lock gate resumes after it, on a new connection, and gets the rest only
        Stream2 resumed = new Stream2("", lock.id());
        assertThat(resumed.next().event()).isEqualTo("open");
        assertThat(List.of(resumed.next(), resumed.next())).containsExactlyInAnyOrderElementsOf(rest);
        assertThat(resumed.events.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void filtersByEnvironmentAndService() throws Exception {
        start();
        Stream2 staging = new Stream2("?env=staging", null);
        Stream2 web = new Stream2("?env=prod&service=web", null);
        staging.next();
        web.next();
        engine.release.countDown();
        deploy("prod", "api");
        long s = deploy("staging", "api");
        long w = deploy("prod", "web");
        for (int i = 0; i < 4; i++) {
            assertThat(staging.next().json().path("deploymentId").asLong()).isEqualTo(s);
            assertThat(web.next().json().path("deploymentId").asLong()).isEqualTo(w);
        }
    }

    @Test
    void badParametersAreProblemsBeforeTheStreamOpens() {
        start();
        for (String[] c : List.of(new String[] {"/api/v1/events?env=qa", "env"}, new String[] {"/api/v1/events?service=a%20b", "service"},
                new String[] {"/api/v1/events?limit=3", "limit"})) {
            ServerHarness.Exchange e = h.get(c[0], VIEWER_TOKEN);
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.header("Content-Type")).startsWith("application/problem+json");
            assertThat(e.body()).contains("\"parameter\" : \"" + c[1] + "\"");
        }
        assertThat(h.get("/api/v1/events", null).status()).isEqualTo(401);
    }

    @Test
    void aMalformedLastEventIdIsA400() throws Exception {
        start();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + "/api/v1/events"))
                .header("Authorization", "Bearer " + VIEWER_TOKEN).header("Last-Event-ID", "abc").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Last-Event-ID");
    }
}
