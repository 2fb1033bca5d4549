package dev.zerofail.report;

import dev.zerofail.core.Scorecard;

/** The scorecard as text and as Markdown. */
final class AuditText {
    private AuditText() {
    }

    static void scorecard(Scorecard card, Style st, StringBuilder sb) {
        sb.append(st.bold("zerofail audit scorecard")).append("  ")
                .append(card.passed() ? st.green("PASS") : st.red("FAIL")).append("  (")
                .append(card.checksPassed()).append('/').append(card.checksTotal()).append(" checks pass")
                .append(card.checksNotMeasured() > 0 ? ", " + card.checksNotMeasured() + " not measured" : "").append(")\n\n");
        for (Scorecard.Section s : card.sections()) {
            sb.append(s.unmeasured() ? st.dim("? ") : s.passed() ? st.green("✔ ") : st.red("✘ ")).append(st.bold(s.name()))
                    .append('\n');
            for (Scorecard.Check ch : s.checks()) {
                sb.append("   ").append(ch.wasMeasured() ? st.mark(ch.passed()) : st.dim("?")).append(' ')
                        .append(ch.description()).append(st.dim(" — " + ch.detail())).append('\n');
                if ((!ch.passed() || !ch.wasMeasured()) && ch.fix() != null) {
                    sb.append("     ").append(st.dim("fix: " + ch.fix())).append('\n');
                }
            }
            sb.append('\n');
        }
    }

    static void scorecardMarkdown(Scorecard card, StringBuilder sb) {
        sb.append(card.passed() ? "**Scorecard: PASS**" : "**Scorecard: FAIL**").append(" (")
                .append(card.checksPassed()).append('/').append(card.checksTotal()).append(" checks")
                .append(card.checksNotMeasured() > 0 ? ", " + card.checksNotMeasured() + " not measured" : "").append(")\n\n");
        for (Scorecard.Section s : card.sections()) {
            sb.append("### ").append(s.unmeasured() ? "➖ " : s.passed() ? "✅ " : "❌ ").append(Markdown.esc(s.name())).append("\n\n");
            sb.append("| | check | detail | fix |\n|---|---|---|---|\n");
            for (Scorecard.Check c : s.checks()) {
                sb.append("| ").append(!c.wasMeasured() ? "➖" : c.passed() ? "✅" : "❌").append(" | ").append(Markdown.esc(c.description()))
                        .append(" | ").append(Markdown.esc(c.detail())).append(" | ")
                        .append((c.passed() && c.wasMeasured()) || c.fix() == null ? "" : Markdown.esc(c.fix())).append(" |\n");
            }
            sb.append('\n');
        }
    }
}
