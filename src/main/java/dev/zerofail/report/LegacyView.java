package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.core.Report.LegacySummary;
import dev.zerofail.core.Scorecard;
import java.util.List;
import java.util.Map;

/** @deprecated the view of a command not yet moved to a typed result; goes with {@link LegacySummary}. */
@Deprecated
final class LegacyView implements ResultView<LegacySummary> {
    static final String NARRATIVE = "narrative";

    @Override
    public Class<LegacySummary> type() {
        return LegacySummary.class;
    }

    @Override
    public void head(LegacySummary result, Style style, StringBuilder out) {
        if (result.scorecard() != null) {
            AuditText.scorecard(result.scorecard(), style, out);
        }
    }

    @Override
    public int findingsShown(LegacySummary result) {
        return result.scorecard() == null ? Integer.MAX_VALUE : 20;
    }

    @Override
    public void body(LegacySummary result, Style style, StringBuilder out) {
        if (result.summary().get(NARRATIVE) instanceof List<?> lines) {
            lines.forEach(l -> out.append(l).append('\n'));
            out.append('\n');
        }
    }

    @Override
    public String summaryLine(LegacySummary result, Report report, Style style) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> s = result.summary();
        if (s.get("scan") instanceof Map<?, ?> nested) {
            Map<String, Object> merged = new java.util.LinkedHashMap<>();
            nested.forEach((k, v) -> merged.put(String.valueOf(k), v));
            s = merged;
        }
        sb.append(Views.findingCount(report, style));
        for (String key : new String[] {"placeholders", "secrets", "baselined", "files", "commits"}) {
            if (s.containsKey(key)) {
                sb.append(", ").append(s.get(key)).append(' ').append(key);
            }
        }
        if (s.get("bytes") instanceof Number b) {
            double v = b.doubleValue();
            sb.append(v >= 1 << 20 ? String.format(", %.1f MB", v / (1 << 20)) : String.format(", %.0f KB", v / 1024));
        }
        if (s.get("millis") instanceof Number ms) {
            sb.append(String.format(" in %.2f s", ms.doubleValue() / 1000));
        }
        return sb.toString();
    }

    @Override
    public void markdown(LegacySummary result, StringBuilder sb) {
        Scorecard card = result.scorecard();
        if (card != null) {
            AuditText.scorecardMarkdown(card, sb);
        }
        if (result.summary().get(NARRATIVE) instanceof List<?> lines) {
            sb.append("```\n");
            lines.forEach(l -> sb.append(l).append('\n'));
            sb.append("```\n\n");
        }
        sb.append("| summary | value |\n|---|---|\n");
        for (Map.Entry<String, Object> e : result.summary().entrySet()) {
            if (!e.getKey().equals(NARRATIVE)) {
                sb.append("| ").append(Markdown.esc(e.getKey())).append(" | ").append(Markdown.esc(flat(e.getValue()))).append(" |\n");
            }
        }
        sb.append('\n');
    }

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
}
