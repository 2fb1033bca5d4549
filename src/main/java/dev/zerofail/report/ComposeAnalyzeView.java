package dev.zerofail.report;

import dev.zerofail.compose.ComposeAnalysis;
import dev.zerofail.core.Report;

/** {@code compose analyze}: the findings, each file with its services, then "N finding(s), F files". */
final class ComposeAnalyzeView implements ResultView<ComposeAnalysis> {
    @Override
    public Class<ComposeAnalysis> type() {
        return ComposeAnalysis.class;
    }

    @Override
    public void body(ComposeAnalysis r, Style style, StringBuilder out) {
        for (ComposeAnalysis.FileEntry e : r.inventory()) {
            out.append(line(e)).append('\n');
        }
        out.append('\n');
    }

    @Override
    public String summaryLine(ComposeAnalysis r, Report report, Style style) {
        return Views.findingCount(report, style) + ", " + r.files() + " files";
    }

    @Override
    public void markdown(ComposeAnalysis r, StringBuilder out) {
        out.append("| file | version | services |\n|---|---|---|\n");
        for (ComposeAnalysis.FileEntry e : r.inventory()) {
            out.append("| `").append(Markdown.esc(e.file())).append("` | ").append(Markdown.esc(e.version())).append(" | ")
                    .append(e.error() != null ? "unreadable: " + Markdown.esc(e.error())
                            : Markdown.esc(String.join(", ", e.services())))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private static String line(ComposeAnalysis.FileEntry e) {
        return e.file() + (e.version() == null ? "" : " (version " + e.version() + ")") + ": "
                + (e.error() != null ? "unreadable" : String.join(", ", e.services()));
    }
}
