package dev.zerofail.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Result;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The registry of {@link ResultView}s, and the defaults for a result without one. */
public final class Views {
    private static final List<ResultView<?>> ALL = List.of(
            new ScanView(),
            new DeployView(),
            new VerifyView(),
            new StatusView(),
            new HistoryView(),
            new SyncView(),
            new SecretsVerifyView(),
            new AuditView(),
            new SecretsCheckView(),
            new WorkflowsAnalyzeView(),
            new WorkflowsPlanView(),
            new ComposeAnalyzeView(),
            new ComposeUnifyView(),
            new InitView(),
            new StatsView(),
            new RunsImportView(),
            new RunsReportView(),
            new DashboardsView(),
            new TimelineView()
    // one line per result type: new ScanView(), new AuditView(), …
    );

    private Views() {
    }

    @SuppressWarnings("unchecked")
    static <R extends Result> ResultView<R> of(R result) {
        for (ResultView<?> v : ALL) {
            if (v.type().isInstance(result)) {
                return (ResultView<R>) v;
            }
        }
        return () -> (Class<R>) result.getClass();
    }

    /** "no findings" or "N finding(s)". */
    public static String findingCount(Report report, Style style) {
        return report.findings().isEmpty() ? style.green("no findings") : style.bold(report.findings().size() + " finding(s)");
    }

    /** The result's top-level scalar fields as a two-column Markdown table; nested values are flattened. */
    public static void fieldTable(Result result, StringBuilder out) {
        JsonNode tree = Json.MAPPER.valueToTree(result);
        if (tree == null || !tree.isObject() || tree.isEmpty()) {
            return;
        }
        out.append("| field | value |\n|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.append("| ").append(Markdown.esc(e.getKey())).append(" | ").append(Markdown.esc(flat(e.getValue()))).append(" |\n");
        }
        out.append('\n');
    }

    private static String flat(JsonNode n) {
        if (n.isValueNode()) {
            return n.asText();
        }
        if (n.isArray()) {
            return n.size() + " item(s)";
        }
        StringBuilder sb = new StringBuilder();
        n.fields().forEachRemaining(e -> {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append(": ").append(flat(e.getValue()));
        });
        return sb.toString();
    }
}
