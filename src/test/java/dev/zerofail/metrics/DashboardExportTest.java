package dev.zerofail.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The dashboard's structure (no Grafana runs here; see docs/metrics.md) and the rule file's, and that
 * every metric a query names is one zerofail exposes.
 */
class DashboardExportTest {
    @TempDir
    Path dir;

    static final Pattern METRIC = Pattern.compile("\\b(zerofail_[a-z_]+)");

    @Test
    void theDashboardHasItsVariablesAndEveryPanelQueriesTheChosenDataSource() throws Exception {
        JsonNode d = new ObjectMapper().readTree(DashboardExport.dashboardJson());
        assertThat(d.path("uid").asText()).isEqualTo(DashboardExport.UID);
        assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        List<String> vars = new ArrayList<>();
        d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText() + ":" + v.path("type").asText()));
        assertThat(vars).containsExactly("datasource:datasource", "environment:query", "service:query");
        JsonNode panels = d.path("panels");
        assertThat(panels).hasSize(Monitoring.PANELS.size());
        Set<Integer> ids = new java.util.HashSet<>();
        for (JsonNode p : panels) {
            assertThat(ids.add(p.path("id").asInt())).as("unique panel id").isTrue();
            assertThat(p.path("type").asText()).isIn("timeseries", "stat", "table", "heatmap");
            assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(p.path("gridPos").path("w").asInt()).isPositive();
            assertThat(p.path("targets")).isNotEmpty();
            for (JsonNode t : p.path("targets")) {
                assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
                assertThat(t.path("expr").asText()).isNotBlank();
                assertThat(t.path("refId").asText()).matches("[A-Z]");
            }
        }
        // the panels the issue lists
        String titles = Monitoring.PANELS.stream().map(Monitoring.Panel::title).collect(Collectors.joining("\n"))
                .toLowerCase(Locale.ROOT);
        for (String want : List.of("success rate", "deploys per day by result", "rollbacks by reason", "p50 / p95", "heatmap",
                "detection and restore", "in progress", "service health", "dora", "audit checks")) {
            assertThat(titles).contains(want);
        }
        assertThat(panels.get(0).path("targets").get(1).path("expr").asText()).isEqualTo("vector(0.95)");
    }

    @Test
    void everyAlertHasASeverityAndARunbookSectionThatExists() throws Exception {
        String yaml = DashboardExport.rulesYaml("docs/runbook.md");
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(yaml);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((List<Map<String, Object>>) doc.get("groups")).get(0).get("rules");
        assertThat(rules).hasSize(Monitoring.ALERTS.size());
        Set<String> anchors = Files.readAllLines(Path.of("docs/runbook.md")).stream().filter(l -> l.startsWith("## "))
                .map(l -> l.substring(3).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
        for (Map<String, Object> r : rules) {
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) r.get("labels");
            @SuppressWarnings("unchecked")
            Map<String, Object> ann = (Map<String, Object>) r.get("annotations");
            assertThat(labels.get("severity")).as(r.get("alert").toString()).isIn("page", "warning");
            String url = ann.get("runbook_url").toString();
            assertThat(url).startsWith("docs/runbook.md#");
            assertThat(anchors).as("runbook section of %s", r.get("alert")).contains(url.substring(url.indexOf('#') + 1));
            assertThat(ann.get("summary").toString()).isNotBlank();
        }
        assertThat(rules.stream().filter(r -> ((Map<?, ?>) r.get("labels")).get("severity").equals("page")).map(r -> r.get("alert")))
                .containsExactlyInAnyOrder("ZerofailRollbackFailed", "ZerofailServeDown");
    }

    @Test
    void everyMetricAQueryNamesIsExposed() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("h.db");
        String text;
        try (HistoryStore store = JdbcHistoryStore.open(url, null, null, DeployMetricsTest.CLOCK, JdbcHistoryStore.DEFAULT_LEASE)) {
            new KnownHistory(store, DeployMetricsTest.NOW).write(url);
            text = Exposition.forAccept(null).toText(new DeployMetrics(store, KnownHistory.SCOPES, "1", DeployMetricsTest.CLOCK)
                    .scrape(List.of(MetricsFixtures.status()), MetricsFixtures.audit(2)));
        }
        Set<String> exposed = Set.copyOf(DeployMetricsTest.names(text));
        List<String> exprs = new ArrayList<>();
        Monitoring.PANELS.forEach(p -> p.targets().forEach(t -> exprs.add(t.expr())));
        Monitoring.ALERTS.forEach(a -> exprs.add(a.expr()));
        for (String e : exprs) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                assertThat(exposed).as("%s in %s", m.group(1), e).contains(m.group(1));
            }
        }
    }

    @Test
    void exportWritesBothFiles() throws Exception {
        Path rules = dir.resolve("rules.yml");
        DashboardsResult r = DashboardExport.export(dir, rules, "https://example.invalid/runbook");
        assertThat(Path.of(r.dashboard())).hasContent(DashboardExport.dashboardJson());
        assertThat(Files.readString(rules)).contains("runbook_url: https://example.invalid/runbook#rollback-failed");
        assertThat(r.alerts()).hasSize(9);
        assertThat(r.panels()).hasSize(Monitoring.PANELS.size());
    }

    @Test
    void monitoringHoldsWhatThisVersionExports() throws Exception {
        // monitoring/docker-compose.yml provisions these two files; a change to Monitoring must refresh them
        assertThat(Path.of("monitoring/grafana/dashboards/zerofail.json")).hasContent(DashboardExport.dashboardJson());
        assertThat(Path.of("monitoring/prometheus/zerofail-rules.yml")).hasContent(DashboardExport.rulesYaml("docs/runbook.md"));
        assertThat(Files.readString(Path.of("monitoring/prometheus/prometheus.yml"))).contains("job_name: zerofail")
                .contains("zerofail-rules.yml");
        assertThat(Files.readString(Path.of("monitoring/docker-compose.yml"))).contains("./grafana/dashboards")
                .contains("./prometheus:/etc/prometheus");
    }
}
