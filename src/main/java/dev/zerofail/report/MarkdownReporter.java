package dev.zerofail.report;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import java.util.Map;

/** Markdown for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment. */
public final class MarkdownReporter implements Reporter {
    private static final int MAX_ROWS = 200;

    @Override
    public String render(Report report) {
        StringBuilder sb = new StringBuilder();
        sb.append("## zerofail ").append(report.command()).append("\n\n");
        if (report.scorecard() != null) {
            Scorecard card = report.scorecard();
            sb.append(card.passed() ? "**Scorecard: PASS**" : "**Scorecard: FAIL**").append(" (")
                    .append(card.checksPassed()).append('/').append(card.checksTotal()).append(" checks)\n\n");
            for (Scorecard.Section s : card.sections()) {
                sb.append("### ").append(s.passed() ? "✅ " : "❌ ").append(esc(s.name())).append("\n\n");
                sb.append("| | check | detail | fix |\n|---|---|---|---|\n");
                for (Scorecard.Check c : s.checks()) {
                    sb.append("| ").append(c.passed() ? "✅" : "❌").append(" | ").append(esc(c.description()))
                            .append(" | ").append(esc(c.detail())).append(" | ")
                            .append(c.passed() || c.fix() == null ? "" : esc(c.fix())).append(" |\n");
                }
                sb.append('\n');
            }
        }
        if (report.summary().get(TextReporter.NARRATIVE) instanceof java.util.List<?> lines) {
            sb.append("```\n");
            lines.forEach(l -> sb.append(l).append('\n'));
            sb.append("```\n\n");
        }
        sb.append("| summary | value |\n|---|---|\n");
        for (Map.Entry<String, Object> e : report.summary().entrySet()) {
            if (e.getKey().equals(TextReporter.NARRATIVE)) {
                continue;
            }
            sb.append("| ").append(esc(e.getKey())).append(" | ").append(esc(flat(e.getValue()))).append(" |\n");
        }
        sb.append('\n');
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
                        .append(esc(f.location().toString())).append("` | ")
                        .append(f.key() == null ? "" : "`" + esc(f.key()) + "`").append(" | ")
                        .append(f.masked() == null ? "" : "`" + esc(f.masked()) + "`").append(" |\n");
            }
            sb.append('\n');
        }
        for (String w : report.warnings()) {
            sb.append("> ⚠️ ").append(esc(w)).append('\n');
        }
        return sb.toString();
    }

    /** Nested summaries (audit holds one per section) read as "key: value, key: value". */
    private static String flat(Object v) {
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(e.getKey()).append(": ").append(flat(e.getValue()));
            }
            return sb.toString();
        }
        return String.valueOf(v);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
