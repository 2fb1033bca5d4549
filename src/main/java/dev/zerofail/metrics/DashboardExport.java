package dev.zerofail.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.AtomicFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;

/**
 * {@code zerofail dashboards export}: the Grafana dashboard and the Prometheus alert rules of
 * {@link Monitoring}, written atomically. Either file may be left out (null).
 */
public final class DashboardExport {
    public static final String DASHBOARD_FILE = "zerofail.json";
    public static final String UID = "zerofail-deploys";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DashboardExport() {
    }

    /** {@code runbook}: what the alerts' runbook_url starts with, before "#section". */
    public static DashboardsResult export(Path grafanaDir, Path rulesFile, String runbook) {
        Path dashboard = null;
        if (grafanaDir != null) {
            dashboard = grafanaDir.resolve(DASHBOARD_FILE);
            AtomicFiles.write(dashboard, dashboardJson());
        }
        if (rulesFile != null) {
            AtomicFiles.write(rulesFile, rulesYaml(runbook));
        }
        return new DashboardsResult(dashboard == null ? null : dashboard.toString(),
                rulesFile == null ? null : rulesFile.toString(), Monitoring.PANELS.stream().map(Monitoring.Panel::title).toList(),
                Monitoring.ALERTS.stream().map(Monitoring.Alert::name).toList());
    }

    public static String dashboardJson() {
        ObjectNode d = JSON.createObjectNode();
        d.put("uid", UID);
        d.put("title", "zerofail deploys");
        d.put("description", "Deploy outcomes, rollbacks, durations, service health and audit checks from zerofail serve's /metrics");
        d.putArray("tags").add("zerofail");
        d.put("timezone", "browser");
        d.put("schemaVersion", 39);
        d.put("version", 1);
        d.put("editable", true);
        d.put("graphTooltip", 1);
        d.put("refresh", "1m");
        d.putObject("time").put("from", "now-7d").put("to", "now");
        d.putObject("annotations").putArray("list");
        ArrayNode vars = d.putObject("templating").putArray("list");
        ObjectNode ds = vars.addObject();
        ds.put("name", "datasource").put("label", "Data source").put("type", "datasource").put("query", "prometheus")
                .put("hide", 0).put("refresh", 1);
        ds.putObject("current");
        variable(vars, "environment", "Environment", "label_values(zerofail_deployments_total, environment)");
        variable(vars, "service", "Service", "label_values(zerofail_deployments_total{environment=~\"$environment\"}, service)");
        ArrayNode panels = d.putArray("panels");
        int id = 1;
        for (Monitoring.Panel p : Monitoring.PANELS) {
            int x = ((id - 1) % 2) * 12;
            int y = ((id - 1) / 2) * 8;
            panels.add(panel(p, id++, x, y));
        }
        try {
            return JSON.writeValueAsString(d) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void variable(ArrayNode vars, String name, String label, String query) {
        ObjectNode v = vars.addObject();
        v.put("name", name).put("label", label).put("type", "query");
        datasource(v.putObject("datasource"));
        v.putObject("query").put("query", query).put("refId", name);
        v.put("definition", query).put("refresh", 2).put("multi", true).put("includeAll", true).put("allValue", ".*")
                .put("sort", 1).put("hide", 0);
        v.putObject("current").put("text", "All").put("value", "$__all");
        v.putArray("options");
    }

    private static void datasource(ObjectNode n) {
        n.put("type", "prometheus").put("uid", "${datasource}");
    }

    private static ObjectNode panel(Monitoring.Panel p, int id, int x, int y) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        boolean bars = p.type().equals("bars");
        n.put("type", bars ? "timeseries" : p.type());
        n.put("title", p.title());
        n.put("description", p.description());
        datasource(n.putObject("datasource"));
        n.putObject("gridPos").put("h", 8).put("w", 12).put("x", x).put("y", y);
        ObjectNode defaults = n.putObject("fieldConfig").putObject("defaults");
        defaults.put("unit", p.unit());
        ((ObjectNode) n.get("fieldConfig")).putArray("overrides");
        if (bars) {
            ObjectNode custom = defaults.putObject("custom");
            custom.put("drawStyle", "bars").put("fillOpacity", 80);
            custom.putObject("stacking").put("mode", "normal").put("group", "A");
        }
        if (p.title().startsWith("Deploy success rate")) {
            ObjectNode t = defaults.putObject("thresholds");
            t.put("mode", "absolute");
            t.putArray("steps").add(JSON.createObjectNode().put("color", "red").putNull("value"))
                    .add(JSON.createObjectNode().put("color", "green").put("value", 0.95));
            defaults.put("min", 0).put("max", 1);
        }
        if (p.type().equals("heatmap")) {
            n.putObject("options").put("calculate", false).putObject("yAxis").put("unit", "s");
        }
        if (p.type().equals("table")) {
            n.putArray("transformations").addObject().put("id", "merge").putObject("options");
        }
        ArrayNode targets = n.putArray("targets");
        char ref = 'A';
        for (Monitoring.Target t : p.targets()) {
            ObjectNode q = targets.addObject();
            q.put("refId", String.valueOf(ref++));
            datasource(q.putObject("datasource"));
            q.put("expr", t.expr()).put("legendFormat", t.legend()).put("instant", t.instant()).put("range", !t.instant());
            if (p.type().equals("table")) {
                q.put("format", "table");
            } else if (p.type().equals("heatmap")) {
                q.put("format", "heatmap");
            }
        }
        return n;
    }

    public static String rulesYaml(String runbook) {
        List<Object> rules = new java.util.ArrayList<>();
        for (Monitoring.Alert a : Monitoring.ALERTS) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("alert", a.name());
            r.put("expr", a.expr());
            r.put("for", a.forDuration());
            r.put("labels", Map.of("severity", a.severity()));
            Map<String, Object> ann = new LinkedHashMap<>();
            ann.put("summary", a.summary());
            ann.put("runbook_url", runbook + "#" + a.anchor());
            r.put("annotations", ann);
            rules.add(r);
        }
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "zerofail");
        group.put("rules", rules);
        DumpSettings settings = DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
                .setDefaultScalarStyle(ScalarStyle.PLAIN).setWidth(200).build();
        return "# Written by zerofail dashboards export; the runbook for each alert is docs/runbook.md.\n"
                + new Dump(settings).dumpToString(Map.of("groups", List.of(group)));
    }
}
