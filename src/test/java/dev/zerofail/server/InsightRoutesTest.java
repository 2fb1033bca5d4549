package dev.zerofail.server;

import static dev.zerofail.server.ServerHarness.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.audit.Audit;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.history.DeployState;
import dev.zerofail.report.Json;
import dev.zerofail.scan.Scanner;
import dev.zerofail.stats.DeployStats;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.stats.StatsQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/v1/metrics/dora (the stats capability over the store) and GET /api/v1/scorecard (a real audit, cached). */
class InsightRoutesTest {
    @TempDir
    Path dir;

    @TempDir
    Path repo;

    private final AtomicInteger audits = new AtomicInteger();
    private ServerHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void start() throws Exception {
        Files.writeString(repo.resolve(".env.example"), "STRIPE_KEY=your_api_key_here\n");
        Files.writeString(repo.resolve("config.env"), "API_TOKEN=REPLACE_ME\n");
        ZerofailConfig cfg = ZerofailConfig.load(repo, null);
        Insights insights = new Insights(StatsConfig.defaults(), "jdbc:sqlite:history.db", () -> {
            audits.incrementAndGet();
            return Audit.run(repo, cfg, Scanner.Progress.NONE).result();
        });
        h = new ServerHarness(dir, Set.of(), 1000, env -> null, List.of(), new FakeEngine(), insights);
    }

    private ServerHarness.Exchange documented(String template, String path) {
        ServerHarness.Exchange e = h.get(path, VIEWER_TOKEN);
        OpenApiContract.assertMatches("GET", template, e.status(), e.header("Content-Type"), e.body());
        return e;
    }

    private static JsonNode json(String body) {
        return OpenApiContract.read(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void doraFiguresAreTheStatsCapabilitysOverTheSharedStore() throws Exception {
        start();
        h.deployment("prod", "api", 0, DeployState.SUCCEEDED);
        h.deployment("prod", "api", 60, DeployState.ROLLED_BACK);
        h.deployment("prod", "web", 120, DeployState.SUCCEEDED);
        h.deployment("staging", "api", 0, DeployState.SUCCEEDED);
        h.clock.now = ServerHarness.T0.plusSeconds(86_400);
        ServerHarness.Exchange prod = documented("/api/v1/metrics/dora", "/api/v1/metrics/dora?env=prod&window=7");
        assertThat(prod.status()).as(prod.body()).isEqualTo(200);
        StatsConfig seven = new StatsConfig(StatsConfig.defaults().zone(), "prod", List.of(7), StatsConfig.defaults().rollbackWithin(),
                95, 7, StatsConfig.Thresholds.dora2023());
        String expected = Json.write(DeployStats.compute(h.store, new StatsQuery("prod", null, h.clock.now, seven),
                "jdbc:sqlite:history.db"));
        assertThat(json(prod.body())).isEqualTo(json(expected));
        assertThat(json(prod.body()).path("services").size()).isGreaterThan(0);
        // the default: stats.production and every configured window
        ServerHarness.Exchange dflt = documented("/api/v1/metrics/dora", "/api/v1/metrics/dora?service=api");
        assertThat(json(dflt.body()).path("environment").asText()).isEqualTo("prod");
        assertThat(json(dflt.body()).path("service").asText()).isEqualTo("api");
        assertThat(h.get("/api/v1/metrics/dora?window=30d", VIEWER_TOKEN).status()).isEqualTo(200);
        for (String[] bad : List.of(new String[] {"window=0", "window"}, new String[] {"window=366", "window"},
                new String[] {"window=week", "window"}, new String[] {"env=qa", "env"}, new String[] {"service=a%20b", "service"},
                new String[] {"from=1", "from"})) {
            ServerHarness.Exchange e = documented("/api/v1/metrics/dora", "/api/v1/metrics/dora?" + bad[0]);
            assertThat(e.status()).isEqualTo(400);
            assertThat(json(e.body()).path("parameter").asText()).isEqualTo(bad[1]);
        }
        assertThat(h.get("/api/v1/metrics/dora", null).status()).isEqualTo(401);
    }

    @Test
    void theScorecardIsTheAuditsResultCachedForFiveMinutes() throws Exception {
        start();
        ServerHarness.Exchange first = documented("/api/v1/scorecard", "/api/v1/scorecard");
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode card = json(first.body());
        assertThat(card.path("scorecard").path("passed").asBoolean()).isFalse();
        assertThat(card.path("scan").path("placeholders").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(first.header("Age")).isEqualTo("0");
        h.clock.now = h.clock.now.plusSeconds(299);
        ServerHarness.Exchange cached = documented("/api/v1/scorecard", "/api/v1/scorecard");
        assertThat(cached.body()).isEqualTo(first.body());
        assertThat(cached.header("Age")).isEqualTo("299");
        assertThat(audits).hasValue(1);
        // after the TTL the repository is audited again and a fixed placeholder shows
        Files.delete(repo.resolve("config.env"));
        Files.delete(repo.resolve(".env.example"));
        h.clock.now = h.clock.now.plusSeconds(2);
        ServerHarness.Exchange fresh = documented("/api/v1/scorecard", "/api/v1/scorecard");
        assertThat(audits).hasValue(2);
        assertThat(fresh.header("Age")).isEqualTo("0");
        assertThat(json(fresh.body()).path("scan").path("placeholders").asInt()).isZero();
        assertThat(documented("/api/v1/scorecard", "/api/v1/scorecard?x=1").status()).isEqualTo(400);
    }

    @Test
    void withoutARepositoryTheScorecardIs503() {
        h = new ServerHarness(dir, Set.of(), 1000, env -> null, List.of());
        assertThat(documented("/api/v1/scorecard", "/api/v1/scorecard").status()).isEqualTo(503);
    }

}
