package dev.zerofail.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.Await;
import dev.zerofail.Ports;
import dev.zerofail.TestEnv;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.server.ApiToken;
import dev.zerofail.server.MetricsRoutes;
import dev.zerofail.server.Role;
import dev.zerofail.server.ServeConfig;
import dev.zerofail.server.Server;
import dev.zerofail.server.StatusSource;
import dev.zerofail.server.TokenHash;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Set;
import dev.zerofail.history.JdbcHistoryStore;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promtool on the real exposition and the generated rules (with the alert unit tests), and a real
 * Prometheus scraping the metrics of a store with a known history ({@link KnownHistory}): every
 * panel's and every alert's PromQL is run through Prometheus's HTTP API and must return the value
 * worked out by hand. Prometheus scrapes the real zerofail serve ({@link Server}, in this JVM on
 * 127.0.0.1, with a bearer token) whose /metrics reads that store.
 */
class MetricsPrometheusIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    static Path promtool() {
        String prometheus = TestEnv.requireEnv("ZEROFAIL_IT_PROMETHEUS_BIN", "Prometheus",
                "run scripts/services prometheus (Debian's prometheus package brings promtool)");
        Path p = Path.of(prometheus).resolveSibling("promtool");
        TestEnv.require(Files.isExecutable(p), "promtool is not next to " + prometheus, "install Debian's prometheus package");
        return p;
    }

    static String run(Path dir, String stdin, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("%s:\n%s", String.join(" ", cmd), out).isZero();
        return out;
    }

    private String exposition(HistoryStore store, String url) throws Exception {
        new KnownHistory(store, Instant.now()).write(url);
        return Exposition.forAccept(null).toText(new DeployMetrics(store, KnownHistory.SCOPES, "1.0", Clock.systemUTC())
                .scrape(List.of(MetricsFixtures.status()), MetricsFixtures.audit(2)));
    }

    @Test
    void promtoolFindsNoProblemInTheExpositionAndTheRulesAndTheirUnitTestsPass() throws Exception {
        Path promtool = promtool();
        String url = "jdbc:sqlite:" + dir.resolve("h.db");
        try (HistoryStore store = JdbcHistoryStore.open(url, null, null, Clock.systemUTC(), JdbcHistoryStore.DEFAULT_LEASE)) {
            String text = exposition(store, url);
            String lint = run(dir, text, promtool.toString(), "check", "metrics");
            assertThat(lint).isBlank();
        }
        DashboardExport.export(null, dir.resolve("rules.yml"), "docs/runbook.md");
        assertThat(run(dir, null, promtool.toString(), "check", "rules", "rules.yml")).contains("SUCCESS: 9 rules found");
        Files.copy(Path.of("src/test/resources/fixtures/metrics/alerts.test.yml"), dir.resolve("alerts.test.yml"));
        assertThat(run(dir, null, promtool.toString(), "test", "rules", "alerts.test.yml")).contains("SUCCESS");
        // monitoring/: the Prometheus configuration the compose file runs, with its rule file
        assertThat(run(Path.of("."), null, promtool.toString(), "check", "config", "monitoring/prometheus/prometheus.yml"))
                .contains("SUCCESS: 9 rules found");
    }

    /** The viewer token Prometheus scrapes with (serve.tokens holds only its salted hash, as in zerofail.yaml). */
    static final String SCRAPE_TOKEN = "zf_prometheus-scrape-token-0123456789abcdef";

    /**
     * zerofail serve's {@link Server} over {@code store}, built as ServeCommand builds it: the environments
     * of KnownHistory, a viewer token for the scrape, the default route groups with /metrics. Swarm's
     * view (the fixture's prod services; staging's Docker does not answer) and the audit are the
     * fixtures' values: this test is about the store's history through a real scrape, not Docker. No
     * compose file exists, so the services are zerofail.yaml's (KnownHistory's scopes) only.
     */
    static Server serve(HistoryStore store, Path dir) {
        Map<String, DeployConfig.Environment> envs = new LinkedHashMap<>();
        for (Scope s : KnownHistory.SCOPES) {
            DeployConfig.Environment e = envs.get(s.environment());
            Map<String, DeployConfig.ServiceSettings> services = new LinkedHashMap<>(e == null ? Map.of() : e.services());
            services.put(s.service(), new DeployConfig.ServiceSettings(s.service(), DeployConfig.Health.DEFAULT, null,
                    "environments." + s.environment()));
            envs.put(s.environment(), new DeployConfig.Environment(s.environment(), s.stack(),
                    List.of(dir.resolve("no-compose.yaml")), null, null, false, List.of(), services, "environments." + s.environment()));
        }
        ServeConfig config = new ServeConfig("127.0.0.1", 0, List.of(new ApiToken("prometheus", Role.VIEWER,
                TokenHash.of(SCRAPE_TOKEN, TokenHash.MIN_ITERATIONS, new SecureRandom()))), Set.of(), 10);
        StatusSource status = env -> {
            if (env.equals("prod")) {
                return MetricsFixtures.status();
            }
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "unix:///var/run/docker.sock", "cannot reach the Docker daemon",
                    "start it");
        };
        Server.Deps deps = new Server.Deps(config, store, envs, status, Clock.systemUTC());
        return new Server(deps, Server.defaultGroups(deps, MetricsRoutes.of(deps, () -> MetricsFixtures.audit(2))));
    }

    record Prometheus(Process process, int port) {
    }

    private static Prometheus prometheus(Path dir, int target) throws Exception {
        String bin = TestEnv.requireEnv("ZEROFAIL_IT_PROMETHEUS_BIN", "Prometheus", "run scripts/services prometheus");
        DashboardExport.export(null, dir.resolve("rules.yml"), "docs/runbook.md");
        Files.writeString(dir.resolve("prometheus.yml"), "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "rule_files: [rules.yml]\nscrape_configs:\n  - job_name: zerofail\n"
                + "    authorization:\n      type: Bearer\n      credentials: " + SCRAPE_TOKEN + "\n"
                + "    static_configs:\n      - targets: ['127.0.0.1:" + target + "']\n");
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

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The instant query's samples: labels (without __name__, job and instance, which the scrape adds) → value. */
    static Map<Map<String, String>, Double> query(int port, String expr, double time) throws Exception {
        String q = "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)
                + "&time=" + time;
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(q)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(res.body());
        assertThat(body.path("status").asText()).as("%s → %s", expr, res.body()).isEqualTo("success");
        Map<Map<String, String>, Double> out = new HashMap<>();
        JsonNode data = body.path("data");
        if (data.path("resultType").asText().equals("scalar")) {
            out.put(Map.of(), data.path("result").get(1).asDouble());
            return out;
        }
        for (JsonNode r : data.path("result")) {
            Map<String, String> labels = new HashMap<>();
            r.path("metric").fields().forEachRemaining(e -> {
                if (!List.of("__name__", "job", "instance").contains(e.getKey())) {
                    labels.put(e.getKey(), e.getValue().asText());
                }
            });
            out.put(labels, Double.parseDouble(r.path("value").get(1).asText()));
        }
        return out;
    }

    static String forProd(String expr) {
        return expr.replace("$environment", "prod").replace("$service", ".*");
    }

    @Test
    void everyPanelAndAlertQueryReturnsWhatTheKnownHistoryMeans() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("h.db");
        try (HistoryStore store = JdbcHistoryStore.open(url, null, null, Clock.systemUTC(), JdbcHistoryStore.DEFAULT_LEASE)) {
            // the real server of zerofail serve: its routes, bearer auth and /metrics over the store
            Server server = serve(store, dir);
            int serverPort = server.start("127.0.0.1", 0);
            Prometheus prom = prometheus(dir, serverPort);
            try {
                int p = prom.port();
                // an empty store first: every series starts at 0, so increase() sees the history arrive
                Await.until("10 scrapes of the empty store", Duration.ofSeconds(60),
                        () -> query(p, "count_over_time(up{job=\"zerofail\"}[1m])", now()).values().stream()
                                .anyMatch(v -> v >= 10));
                new KnownHistory(store, Instant.now()).write(url);
                Await.until("the history to be scraped", Duration.ofSeconds(60),
                        () -> query(p, "zerofail_deployments_total{environment=\"prod\",service=\"api\",kind=\"deploy\","
                                + "result=\"succeeded\"} == 2", now()).size() == 1);
                double seen = lastScrape(p);
                Await.until("10 scrapes more", Duration.ofSeconds(60), () -> lastScrape(p) >= seen + 10);
                // at the last scrape's time, increase() has nothing to extrapolate past the last sample
                double at = lastScrape(p);
                checkPanels(p, at);
                checkAlerts(p, at);
                HttpResponse<String> open = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/metrics"))
                        .header("Accept", "application/openmetrics-text; version=1.0.0")
                        .header("Authorization", "Bearer " + SCRAPE_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
                assertThat(open.body()).endsWith("# EOF\n");

                server.stop();
                Await.until("Prometheus to see serve down", Duration.ofSeconds(60),
                        () -> !query(p, "up{job=\"zerofail\"} == 0", now()).isEmpty());
                assertThat(query(p, alert("ZerofailServeDown").expr(), now())).isEqualTo(Map.of(Map.of(), 0.0));
            } finally {
                server.stop();
                prom.process().destroy();
                prom.process().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static double lastScrape(int p) throws Exception {
        return single(query(p, "timestamp(up{job=\"zerofail\"})", now()));
    }

    private static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static Monitoring.Panel panel(String title) {
        return Monitoring.PANELS.stream().filter(x -> x.title().startsWith(title)).findFirst().orElseThrow();
    }

    private static Monitoring.Alert alert(String name) {
        return Monitoring.ALERTS.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    }

    private static Map<Map<String, String>, Double> q(int port, Monitoring.Panel panel, int target, double at) throws Exception {
        return query(port, forProd(panel.targets().get(target).expr()), at);
    }

    private static double single(Map<Map<String, String>, Double> r) {
        assertThat(r).hasSize(1);
        return r.values().iterator().next();
    }

    /** Expected values from KnownHistory's table; counts are exact at the last scrape's time. */
    private static void checkPanels(int p, double at) throws Exception {
        Monitoring.Panel rate = panel("Deploy success rate");
        assertThat(q(p, rate, 0, at)).isEqualTo(Map.of(Map.of("environment", "prod"), 0.5));
        assertThat(query(p, rate.targets().get(0).expr().replace("$environment", ".*").replace("$service", ".*"), at))
                .isEqualTo(Map.of(Map.of("environment", "prod"), 0.5, Map.of("environment", "staging"), 0.0));
        assertThat(single(q(p, rate, 1, at))).isEqualTo(0.95);

        assertThat(q(p, panel("Deploys per day"), 0, at)).isEqualTo(Map.of(Map.of("result", "succeeded"), 3.0,
                Map.of("result", "rolled_back"), 1.0, Map.of("result", "rollback_failed"), 1.0, Map.of("result", "failed_preflight"), 1.0,
                Map.of("result", "noop"), 1.0, Map.of("result", "interrupted"), 0.0));
        assertThat(q(p, panel("Rollbacks by reason"), 0, at)).isEqualTo(Map.of(Map.of("reason", "http"), 1.0,
                Map.of("reason", "manual"), 1.0, Map.of("reason", "health"), 1.0, Map.of("reason", "crash"), 0.0,
                Map.of("reason", "timeout"), 0.0, Map.of("reason", "prometheus"), 0.0));

        // succeeded in prod: 10 s (emergency), 20 s (manual rollback), 40 s, 100 s; buckets …10, 30, 60, 120…
        // p50: rank 2 of 4 is the 2nd in (10, 30] (which holds 1) → 30; p95: rank 3.8 → 60 + 0.8 × 60 = 108
        Monitoring.Panel durations = panel("Deploy duration p50");
        assertThat(single(q(p, durations, 0, at))).isCloseTo(30.0, within(1e-9));
        assertThat(single(q(p, durations, 1, at))).isCloseTo(108.0, within(1e-9));
        // every finished prod deployment (8) is under +Inf; under 60 s: 40, 57, 20, 1, 10, 2
        Map<Map<String, String>, Double> heat = q(p, panel("Deploy duration heatmap"), 0, at);
        assertThat(heat.get(Map.of("le", "+Inf"))).isEqualTo(8.0);
        assertThat(heat.get(Map.of("le", "60.0"))).isEqualTo(6.0);

        // prod detection 6 s (api) and 2 s (web) → 4; restore only api's 36 s
        Monitoring.Panel times = panel("Detection and restore");
        assertThat(single(q(p, times, 0, at))).isEqualTo(4.0);
        assertThat(single(q(p, times, 1, at))).isEqualTo(36.0);

        assertThat(single(q(p, panel("Deploys in progress"), 0, at))).isZero();
        assertThat(single(query(p, panel("Deploys in progress").targets().get(0).expr().replace("$environment", "staging")
                .replace("$service", ".*"), at))).isEqualTo(1.0);

        Map<Map<String, String>, Double> health = q(p, panel("Service health"), 0, at);
        assertThat(health).containsEntry(labels("api", "desired"), 2.0).containsEntry(labels("web", "healthy"), 1.0)
                .containsEntry(labels("web", "desired"), 3.0).hasSize(6);
        Map<Map<String, String>, Double> info = q(p, panel("Service health"), 1, at);
        assertThat(info.keySet()).extracting(m -> m.get("image")).containsExactlyInAnyOrder("acme/api:2", "acme/web:7");

        // 3 succeeded prod deploys (kinds deploy and emergency) in 7 days
        assertThat(single(q(p, panel("DORA: deployment frequency"), 0, at))).isCloseTo(3.0 / 7, within(1e-9));
        assertThat(single(q(p, panel("DORA: change fail rate"), 0, at))).isEqualTo(0.5);
        assertThat(single(q(p, panel("DORA: time to restore"), 0, at))).isEqualTo(36.0);

        Monitoring.Panel audit = panel("Audit checks");
        assertThat(q(p, audit, 0, at)).isEqualTo(Map.of(Map.of("check", "no-placeholder-secrets"), 0.0,
                Map.of("check", "manifest-complete"), 1.0));
        assertThat(single(q(p, audit, 1, at))).isEqualTo(2.0);
        assertThat(single(q(p, audit, 2, at))).isZero();
        assertThat(single(q(p, audit, 3, at))).isZero();
    }

    private static Map<String, String> labels(String service, String state) {
        return Map.of("environment", "prod", "service", service, "stack", "shop", "state", state);
    }

    /** Which series each alert's expression returns now (its "for" aside). */
    private static void checkAlerts(int p, double at) throws Exception {
        assertThat(query(p, alert("ZerofailDeployRolledBack").expr(), at).keySet()).containsExactlyInAnyOrder(
                Map.of("environment", "prod", "service", "api"), Map.of("environment", "staging", "service", "api"));
        assertThat(query(p, alert("ZerofailRollbackFailed").expr(), at).keySet())
                .containsExactly(Map.of("environment", "prod", "service", "web"));
        assertThat(query(p, alert("ZerofailSuccessRateLow").expr(), at)).isEqualTo(Map.of(Map.of("environment", "prod"), 0.5,
                Map.of("environment", "staging"), 0.0));
        assertThat(query(p, alert("ZerofailChangeFailRateHigh").expr(), at)).isEqualTo(Map.of(Map.of("environment", "prod"), 0.5,
                Map.of("environment", "staging"), 1.0));
        assertThat(query(p, alert("ZerofailDeployStuck").expr(), at))
                .isEqualTo(Map.of(Map.of("environment", "staging", "service", "api"), 1.0));
        Map<Map<String, String>, Double> replicas = query(p, alert("ZerofailReplicasUnhealthy").expr(), at);
        assertThat(replicas.keySet()).extracting(m -> m.get("service")).containsExactly("web");
        // web's last success was the emergency deploy 20 days ago; api's two hours ago
        Map<Map<String, String>, Double> stale = query(p, alert("ZerofailNoSuccessfulDeploy").expr(), at);
        assertThat(stale.keySet()).containsExactly(Map.of("environment", "prod", "service", "web"));
        assertThat(stale.values().iterator().next()).isBetween(20 * 86400.0 - 10, 20 * 86400.0 + 60); // it ended 10 s after its start, 20 days before the write
        assertThat(query(p, alert("ZerofailServeDown").expr(), at)).isEmpty();
        assertThat(single(query(p, alert("ZerofailPlaceholderSecrets").expr(), at))).isEqualTo(2.0);
        // Prometheus loaded the exported rules and evaluates them without error
        JsonNode rules = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p + "/api/v1/rules")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<String> healthy = new java.util.ArrayList<>();
        rules.path("data").path("groups").get(0).path("rules").forEach(r -> {
            assertThat(r.path("health").asText()).as(r.path("name").asText() + ": " + r.path("lastError").asText()).isIn("ok", "unknown");
            healthy.add(r.path("name").asText());
        });
        assertThat(healthy).containsExactlyInAnyOrderElementsOf(Monitoring.ALERTS.stream().map(Monitoring.Alert::name).toList());
    }
}
