package dev.zerofail.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.history.DeployState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics on a real server (Javalin on 127.0.0.1) over a SQLite store. */
class MetricsRoutesTest {
    @TempDir
    Path dir;
    ServerHarness h;
    final AtomicBoolean dockerUp = new AtomicBoolean(true);
    final AtomicInteger statusCalls = new AtomicInteger();
    volatile CountDownLatch statusGate = new CountDownLatch(0);
    final CountDownLatch statusEntered = new CountDownLatch(1);

    ServerHarness start(Set<String> anonymous) {
        StatusSource status = env -> {
            statusCalls.incrementAndGet();
            CountDownLatch gate = statusGate;
            if (gate.getCount() > 0) {
                statusEntered.countDown();
            }
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!dockerUp.get()) {
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "docker", "cannot reach Docker", "start it");
            }
            return new StatusResult(env, List.of(new Inspector.ServiceStatus("api", "shop_api", true, "acme/api:2", 2, 2, 1,
                    "completed", null, null)), List.of());
        };
        h = new ServerHarness(dir, anonymous, 1000, status, List.of());
        return h;
    }

    @AfterEach
    void close() {
        if (h != null) {
            h.close();
        }
    }

    String metrics(String accept, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + "/metrics"))
                .timeout(Duration.ofSeconds(20));
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("") + "\n" + r.body();
    }

    @Test
    void aViewerScrapesTheStoresFiguresAndSwarmsView() throws Exception {
        start(Set.of());
        h.deployment("prod", "api", 1, DeployState.SUCCEEDED);
        h.deployment("prod", "api", 2, DeployState.ROLLED_BACK);
        h.deployment("staging", "api", 3, DeployState.RUNNING);
        String text = metrics(null, ServerHarness.VIEWER_TOKEN);
        assertThat(text).startsWith("200 text/plain; version=0.0.4")
                .contains("zerofail_deployments_total{environment=\"prod\",kind=\"deploy\",result=\"succeeded\",service=\"api\"} 1.0")
                .contains("zerofail_deployments_total{environment=\"prod\",kind=\"deploy\",result=\"rolled_back\",service=\"api\"} 1.0")
                // configured but never deployed: there at 0
                .contains("zerofail_deployments_total{environment=\"prod\",kind=\"deploy\",result=\"succeeded\",service=\"web\"} 0.0")
                .contains("zerofail_deployment_in_progress{environment=\"staging\",service=\"api\"} 1.0")
                .contains("zerofail_service_replicas{environment=\"prod\",service=\"api\",stack=\"shop\",state=\"healthy\"} 1.0")
                .contains("zerofail_build_info{version=")
                .doesNotContain("zerofail_audit_");
    }

    @Test
    void openMetricsByAcceptAndAnonymousOnlyWhenConfigured() throws Exception {
        start(Set.of("metrics"));
        assertThat(metrics("application/openmetrics-text;version=1.0.0,text/plain;q=0.5", null))
                .startsWith("200 application/openmetrics-text").endsWith("# EOF\n");
        h.close();
        h = null;
        start(Set.of());
        assertThat(metrics(null, null)).startsWith("401 application/problem+json");
    }

    @Test
    void dockerDownLeavesTheServiceSeriesOutAndSwarmIsAskedAtMostEvery15Seconds() throws Exception {
        start(Set.of("metrics"));
        dockerUp.set(false);
        String down = metrics(null, null);
        assertThat(down).startsWith("200").contains("zerofail_deployments_total").doesNotContain("zerofail_service_replicas");
        int calls = statusCalls.get();
        dockerUp.set(true);
        metrics(null, null);
        assertThat(statusCalls.get()).as("within the TTL of the last look").isEqualTo(calls);
        h.clock.now = h.clock.now.plus(MetricsRoutes.STATUS_TTL);
        assertThat(metrics(null, null)).contains("zerofail_service_replicas");
    }

    @Test
    void scrapesWithinASecondShareOneRenderThenTheNextSeesTheStore() throws Exception {
        start(Set.of("metrics"));
        h.deployment("prod", "api", 1, DeployState.SUCCEEDED);
        String series = "zerofail_deployments_total{environment=\"prod\",kind=\"deploy\",result=\"succeeded\",service=\"api\"} ";
        assertThat(metrics(null, null)).contains(series + "1.0");
        h.deployment("prod", "api", 2, DeployState.SUCCEEDED);
        h.clock.now = h.clock.now.plus(MetricsRoutes.RENDER_TTL).minusMillis(1);
        assertThat(metrics(null, null)).as("rendered less than a second ago").contains(series + "1.0");
        // the other format is its own render, of the store now
        assertThat(metrics("application/openmetrics-text;version=1.0.0", null)).contains("result=\"succeeded\",service=\"api\"} 2");
        h.clock.now = h.clock.now.plusMillis(1);
        assertThat(metrics(null, null)).contains(series + "2.0");
    }

    @Test
    void whileOneScrapeRendersTheOthersGetTheLastTextAtOnce() throws Exception {
        start(Set.of("metrics"));
        h.deployment("prod", "api", 1, DeployState.SUCCEEDED);
        String series = "zerofail_deployments_total{environment=\"prod\",kind=\"deploy\",result=\"succeeded\",service=\"api\"} ";
        assertThat(metrics(null, null)).contains(series + "1.0");
        h.deployment("prod", "api", 2, DeployState.SUCCEEDED);
        // the next render asks Swarm again, and that read hangs until released
        statusGate = new CountDownLatch(1);
        h.clock.now = h.clock.now.plus(MetricsRoutes.STATUS_TTL);
        CompletableFuture<String> rendering = CompletableFuture.supplyAsync(() -> {
            try {
                return metrics(null, null);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(statusEntered.await(30, TimeUnit.SECONDS)).as("the render started").isTrue();
        assertThat(metrics(null, null)).as("answered from the last render, not queued behind this one")
                .startsWith("200").contains(series + "1.0");
        assertThat(rendering).isNotDone();
        statusGate.countDown();
        assertThat(rendering.get(30, TimeUnit.SECONDS)).contains(series + "2.0");
        assertThat(metrics(null, null)).contains(series + "2.0");
    }

    @Test
    void aClosedStoreIs503() throws Exception {
        start(Set.of("metrics"));
        h.store.close();
        assertThat(metrics(null, null)).startsWith("503 application/problem+json").contains("store-unavailable");
    }
}
