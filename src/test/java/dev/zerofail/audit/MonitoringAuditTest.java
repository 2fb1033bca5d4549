package dev.zerofail.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.zerofail.RefusedPort;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Scorecard;
import dev.zerofail.metrics.DashboardExport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringAuditTest {
    static final ConfigNode NO_SERVE = ConfigNode.parse("zerofail.yaml", "");
    @TempDir
    Path dir;
    final List<URI> probed = new ArrayList<>();

    MetricsProbe answering(Integer status) {
        return (url, timeout) -> {
            probed.add(url);
            return new MetricsProbe.Answer(status, status == null ? "connect" : null);
        };
    }

    @Test
    void nothingExportedAndNothingConfiguredFailsWithTheCommandThatFixesIt() throws Exception {
        Files.writeString(dir.resolve("other.json"), "{\"uid\": \"team-board\", \"title\": \"Team\"}");
        Files.createDirectories(dir.resolve("monitoring"));
        // names the uid but is not JSON: no dashboard, no error
        Files.writeString(dir.resolve("monitoring/broken.json"), "{\"uid\": \"zerofail-deploys\",");
        MonitoringAudit.MonitoringFigures f = MonitoringAudit.measure(dir, AuditConfig.defaults(), NO_SERVE, answering(200));
        assertThat(probed).as("nothing configured: nothing probed").isEmpty();
        assertThat(f.dashboards()).isEmpty();
        assertThat(f.alertRules()).isEmpty();
        Scorecard.Check c = MonitoringAudit.section(f).checks().get(0);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("no zerofail dashboard", "no metrics endpoint configured");
        assertThat(c.fix()).contains("zerofail dashboards export --grafana monitoring/grafana/dashboards");
    }

    /** Finds exactly what dashboards export writes, so the audit's names cannot drift from the export's. */
    @Test
    void filesDashboardsExportWritesPass() throws Exception {
        Path grafana = Files.createDirectories(dir.resolve("monitoring/grafana/dashboards"));
        Path rules = Files.createDirectories(dir.resolve("monitoring/prometheus")).resolve("zerofail-rules.yml");
        DashboardExport.export(grafana, rules, "docs/runbook.md");
        MonitoringAudit.MonitoringFigures f = MonitoringAudit.measure(dir, AuditConfig.defaults(), NO_SERVE, answering(200));
        assertThat(f.dashboards()).containsExactly("monitoring/grafana/dashboards/zerofail.json");
        assertThat(f.alertRules()).containsExactly("monitoring/prometheus/zerofail-rules.yml");
        assertThat(MonitoringAudit.section(f).passed()).isTrue();
    }

    @Test
    void aDashboardAsGrafanasApiReturnsItAloneIsEnough() throws Exception {
        Files.createDirectories(dir.resolve("grafana"));
        Files.writeString(dir.resolve("grafana/deploys.json"),
                "{\"meta\": {}, \"dashboard\": " + DashboardExport.dashboardJson() + "}");
        MonitoringAudit.MonitoringFigures f = MonitoringAudit.measure(dir, AuditConfig.defaults(), NO_SERVE, answering(200));
        assertThat(f.dashboards()).containsExactly("grafana/deploys.json");
        assertThat(f.alertRules()).isEmpty();
        assertThat(MonitoringAudit.section(f).passed()).isTrue();
    }

    @Test
    void aMetricsEndpointThatAnswersPasses() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            byte[] body = "zerofail_up 1\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
            MonitoringAudit.MonitoringFigures f = MonitoringAudit.measure(dir, metricsUrl(url), NO_SERVE, MetricsProbe.http());
            assertThat(f.metricsStatus()).isEqualTo(200);
            assertThat(f.metricsReachable()).isTrue();
            assertThat(f.metricsFrom()).isEqualTo("audit.metrics-url");
            Scorecard.Check c = MonitoringAudit.section(f).checks().get(0);
            assertThat(c.passed()).isTrue();
            assertThat(c.detail()).contains(url + " answered 200");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anEndpointThatRefusesFails() throws Exception {
        MonitoringAudit.MonitoringFigures f;
        try (RefusedPort refused = new RefusedPort()) {
            f = MonitoringAudit.measure(dir, metricsUrl("http://127.0.0.1:" + refused.port() + "/metrics"), NO_SERVE,
                    MetricsProbe.http());
        }
        assertThat(f.metricsStatus()).isNull();
        assertThat(f.metricsError()).isNotBlank();
        assertThat(f.metricsReachable()).isFalse();
        Scorecard.Check c = MonitoringAudit.section(f).checks().get(0);
        assertThat(c.passed()).isFalse();
        assertThat(c.detail()).contains("did not answer");
        assertThat(c.fix()).contains("zerofail dashboards export", "start zerofail serve");
    }

    @Test
    void serveBindAndPortAreProbedOnlyWhenSetAndATokenWallStillCountsAsAnswering() {
        ConfigNode serve = ConfigNode.parse("zerofail.yaml", "bind: 0.0.0.0\nport: 9181\n");
        MonitoringAudit.MonitoringFigures f = MonitoringAudit.measure(dir, AuditConfig.defaults(), serve, answering(401));
        assertThat(probed).containsExactly(URI.create("http://127.0.0.1:9181/metrics"));
        assertThat(f.metricsFrom()).isEqualTo("serve");
        assertThat(f.metricsReachable()).isTrue();
        assertThat(MonitoringAudit.section(f).checks().get(0).detail()).contains("answered 401 (scrapes need a token)");

        probed.clear();
        MonitoringAudit.measure(dir, AuditConfig.defaults(), ConfigNode.parse("zerofail.yaml", "anonymous: [metrics]\n"),
                answering(200));
        assertThat(probed).as("serve's defaults alone say nothing runs").isEmpty();

        MonitoringAudit.MonitoringFigures missing = MonitoringAudit.measure(dir, AuditConfig.defaults(),
                ConfigNode.parse("zerofail.yaml", "port: 9181\n"), answering(404));
        assertThat(missing.metricsReachable()).isFalse();
    }

    @Test
    void credentialsInTheUrlAreNeverShown() {
        MonitoringAudit.MonitoringFigures f = MonitoringAudit.measure(dir,
                metricsUrl("https://scraper:Hunter2secret@metrics.example.test/metrics?token=abc123"), NO_SERVE,
                answering(null));
        assertThat(probed).hasSize(1);
        assertThat(f.metricsUrl()).isEqualTo("https://metrics.example.test/metrics");
        assertThat(MonitoringAudit.section(f).toString()).doesNotContain("Hunter2secret", "abc123");
    }

    private static AuditConfig metricsUrl(String url) {
        return AuditConfig.from(ConfigNode.parse("zerofail.yaml", "metrics-url: " + url + "\n"));
    }
}
