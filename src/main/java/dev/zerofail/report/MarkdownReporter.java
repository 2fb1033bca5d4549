package dev.zerofail.report;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Result;

/** Markdown for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment. */
public final class MarkdownReporter implements Reporter {
    private static final int MAX_ROWS = 200;

    @Override
    public String render(Report report) {
        StringBuilder sb = new StringBuilder();
        sb.append("## zerofail ").append(report.command()).append("\n\n");
        markdown(report.result(), sb);
        if (!report.findings().isEmpty()) {
            sb.append("| severity | rule | location | key | value |\n|---|---|---|---|---|\n");
            int n = 0;
            for (Finding f : report.findings()) {
                if (n++ == MAX_ROWS) {
                    sb.append("\n_… and ").append(report.findings().size() - MAX_ROWS)
                            .append(" more; use --format json for all._\n");
                    break;
                }
                sb.append("| ").append(f.severity().label()).append(" | `").append(f.rule()).append("` | `")
                        .append(Markdown.esc(f.location().toString())).append("` | ")
                        .append(f.key() == null ? "" : "`" + Markdown.esc(f.key()) + "`").append(" | ")
                        .append(f.masked() == null ? "" : "`" + Markdown.esc(f.masked()) + "`").append(" |\n");
            }
            sb.append('\n');
        }
        for (String w : report.warnings()) {
            sb.append("> ⚠️ ").append(Markdown.esc(w)).append('\n');
        }
        return sb.toString();
    }

    private static <R extends Result> void markdown(R result, StringBuilder sb) {
        Views.of(result).markdown(result, sb);
    }
}
