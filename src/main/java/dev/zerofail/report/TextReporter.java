package dev.zerofail.report;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.Severity;
import java.util.List;
import java.util.Map;

/** Human-readable terminal output; ANSI colour only when asked (the CLI decides: TTY and no --no-color). */
public final class TextReporter implements Reporter {
    /** Summary key holding lines of prose that the text format prints as they are. */
    public static final String NARRATIVE = "narrative";
    /** How many findings the audit's text output lists under the scorecard. */
    static final int AUDIT_SHOWN = 20;
    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String CYAN = "\u001b[36m";
    private final boolean color;

    public TextReporter(boolean color) {
        this.color = color;
    }

    private String c(String code, String text) {
        return color ? code + text + RESET : text;
    }

    @Override
    public String render(Report report) {
        StringBuilder sb = new StringBuilder();
        if (report.scorecard() != null) {
            scorecard(sb, report.scorecard());
        }
        List<Finding> shown = report.findings();
        if (report.scorecard() != null && shown.size() > AUDIT_SHOWN) {
            // the audit is read by a person: the scorecard, then the worst findings; every format but
            // text, and the commands of each capability, list them all
            shown = shown.stream().sorted(java.util.Comparator.comparing(Finding::severity).reversed())
                    .limit(AUDIT_SHOWN).toList();
        }
        for (Finding f : shown) {
            String sev = String.format("%-8s", f.severity().label().toUpperCase(java.util.Locale.ROOT));
            sb.append(c(sevColor(f.severity()), sev)).append(' ').append(c(BOLD, f.location().toString()))
                    .append("  ").append(f.rule());
            if (f.masked() != null) {
                sb.append("  ").append(c(DIM, f.masked()));
            }
            if (f.commit() != null) {
                sb.append("  ").append(c(CYAN, "commit " + f.commit().substring(0, Math.min(12, f.commit().length()))));
            }
            sb.append('\n').append("         ").append(f.message()).append('\n');
            if (f.fix() != null) {
                sb.append("         ").append(c(DIM, "fix: " + f.fix())).append('\n');
            }
        }
        if (shown.size() < report.findings().size()) {
            sb.append('\n').append(c(DIM, "… " + (report.findings().size() - shown.size())
                    + " more; all of them with --format json, or with zerofail scan / zerofail workflows analyze"))
                    .append('\n');
        }
        if (!report.findings().isEmpty()) {
            sb.append('\n');
        }
        if (report.summary().get(NARRATIVE) instanceof List<?> lines) {
            // commands whose result is a plan rather than findings describe it in lines of text
            lines.forEach(l -> sb.append(l).append('\n'));
            sb.append('\n');
        }
        for (String w : report.warnings()) {
            sb.append(c(YELLOW, "warning: ")).append(w).append('\n');
        }
        sb.append(summaryLine(report)).append('\n');
        return sb.toString();
    }

    private void scorecard(StringBuilder sb, Scorecard card) {
        sb.append(c(BOLD, "zerofail audit scorecard")).append("  ")
                .append(card.passed() ? c(GREEN, "PASS") : c(RED, "FAIL")).append("  (")
                .append(card.checksPassed()).append('/').append(card.checksTotal()).append(" checks pass)\n\n");
        for (Scorecard.Section s : card.sections()) {
            sb.append(s.passed() ? c(GREEN, "✔ ") : c(RED, "✘ ")).append(c(BOLD, s.name())).append('\n');
            for (Scorecard.Check ch : s.checks()) {
                sb.append("   ").append(ch.passed() ? c(GREEN, "✔") : c(RED, "✘")).append(' ')
                        .append(ch.description()).append(c(DIM, " — " + ch.detail())).append('\n');
                if (!ch.passed() && ch.fix() != null) {
                    sb.append("     ").append(c(DIM, "fix: " + ch.fix())).append('\n');
                }
            }
            sb.append('\n');
        }
    }

    private String summaryLine(Report report) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> s = report.summary();
        if (s.get("scan") instanceof Map<?, ?> nested) {
            // audit: the figures of the scan section describe the files read
            Map<String, Object> merged = new java.util.LinkedHashMap<>();
            nested.forEach((k, v) -> merged.put(String.valueOf(k), v));
            s = merged;
        }
        sb.append(report.findings().isEmpty() ? c(GREEN, "no findings") : c(BOLD, report.findings().size() + " finding(s)"));
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

    private static String sevColor(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> RED;
            case MEDIUM -> YELLOW;
            default -> CYAN;
        };
    }
}
