package dev.zerofail.metrics;

import dev.zerofail.core.Result;
import java.util.List;

/**
 * The result of {@code zerofail dashboards export} (docs/schemas/dashboards.schema.json).
 *
 * @param dashboard the Grafana dashboard written, or null when --grafana was not given
 * @param rules     the Prometheus rule file written, or null when --prometheus-rules was not given
 * @param panels    the dashboard's panel titles
 * @param alerts    the alert names
 */
public record DashboardsResult(String dashboard, String rules, List<String> panels, List<String> alerts) implements Result {
    public DashboardsResult {
        panels = List.copyOf(panels);
        alerts = List.copyOf(alerts);
    }
}
