package dev.zerofail.report;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Report;
import dev.zerofail.core.Result;
import dev.zerofail.core.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Human-readable terminal output: the result's view around the findings, then warnings and one summary line. */
public final class TextReporter implements Reporter {
    private final Style style;

    public TextReporter(boolean color) {
        this.style = new Style(color);
    }

    @Override
    public String render(Report report) {
        StringBuilder sb = new StringBuilder();
        try {
            write(report, Views.of(report.result()), sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return sb.toString();
    }

    /** Streams: one finding at a time, so a scan's many findings are never one string. */
    @Override
    public void write(Report report, Writer out) throws IOException {
        write(report, Views.of(report.result()), out);
    }

    private <R extends Result> void write(Report report, ResultView<R> view, Appendable out) throws IOException {
        @SuppressWarnings("unchecked")
        R result = (R) report.result();
        StringBuilder sb = new StringBuilder();
        view.head(result, style, sb);
        out.append(sb);
        List<Finding> shown = report.findings();
        int limit = view.findingsShown(result);
        if (shown.size() > limit) {
            shown = shown.stream().sorted(Comparator.comparing(Finding::severity).reversed()).limit(limit).toList();
        }
        for (Finding f : shown) {
            sb.setLength(0);
            finding(f, sb);
            out.append(sb);
        }
        sb.setLength(0);
        if (shown.size() < report.findings().size()) {
            sb.append('\n').append(style.dim("… " + (report.findings().size() - shown.size())
                    + " more; all of them with --format json, or with zerofail scan / zerofail workflows analyze"))
                    .append('\n');
        }
        if (!report.findings().isEmpty()) {
            sb.append('\n');
        }
        view.body(result, style, sb);
        for (String w : report.warnings()) {
            sb.append(style.yellow("warning: ")).append(w).append('\n');
        }
        sb.append(view.summaryLine(result, report, style)).append('\n');
        out.append(sb);
    }

    private void finding(Finding f, StringBuilder sb) {
        String sev = String.format("%-8s", f.severity().label().toUpperCase(Locale.ROOT));
        sb.append(sevColor(f.severity(), sev)).append(' ').append(style.bold(f.location().toString()))
                .append("  ").append(f.rule());
        if (f.masked() != null) {
            sb.append("  ").append(style.dim(f.masked()));
        }
        if (f.commit() != null) {
            sb.append("  ").append(style.cyan("commit " + f.commit().substring(0, Math.min(12, f.commit().length()))));
        }
        sb.append('\n').append("         ").append(f.message()).append('\n');
        if (f.fix() != null) {
            sb.append("         ").append(style.dim("fix: " + f.fix())).append('\n');
        }
    }

    private String sevColor(Severity s, String text) {
        return switch (s) {
            case CRITICAL, HIGH -> style.red(text);
            case MEDIUM -> style.yellow(text);
            default -> style.cyan(text);
        };
    }
}
