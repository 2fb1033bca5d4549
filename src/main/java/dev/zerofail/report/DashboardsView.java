package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.metrics.DashboardsResult;

/** {@code zerofail dashboards export}: the files written, with their panels and alerts. */
final class DashboardsView implements ResultView<DashboardsResult> {
    @Override
    public Class<DashboardsResult> type() {
        return DashboardsResult.class;
    }

    @Override
    public void head(DashboardsResult r, Style style, StringBuilder out) {
        if (r.dashboard() != null) {
            out.append(style.bold("wrote " + r.dashboard())).append(": ").append(r.panels().size()).append(" panels\n");
            r.panels().forEach(p -> out.append("  ").append(p).append('\n'));
        }
        if (r.rules() != null) {
            out.append(style.bold("wrote " + r.rules())).append(": ").append(r.alerts().size()).append(" alerts\n");
            r.alerts().forEach(a -> out.append("  ").append(a).append('\n'));
        }
    }

    @Override
    public String summaryLine(DashboardsResult r, Report report, Style style) {
        return (r.dashboard() == null ? "" : r.panels().size() + " panels") + (r.dashboard() != null && r.rules() != null ? ", " : "")
                + (r.rules() == null ? "" : r.alerts().size() + " alerts");
    }

    @Override
    public void markdown(DashboardsResult r, StringBuilder out) {
        if (r.dashboard() != null) {
            out.append("Dashboard `").append(r.dashboard()).append("`:\n\n");
            r.panels().forEach(p -> out.append("- ").append(Markdown.esc(p)).append('\n'));
            out.append('\n');
        }
        if (r.rules() != null) {
            out.append("Alert rules `").append(r.rules()).append("`:\n\n");
            r.alerts().forEach(a -> out.append("- ").append(a).append('\n'));
            out.append('\n');
        }
    }
}
