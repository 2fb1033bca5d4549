package dev.zerofail.report;

import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Report;

/** {@code zerofail audit}: the scorecard, the 20 worst findings, then the scan's summary line. */
final class AuditView implements ResultView<AuditResult> {
    @Override
    public Class<AuditResult> type() {
        return AuditResult.class;
    }

    @Override
    public void head(AuditResult r, Style style, StringBuilder out) {
        AuditText.scorecard(r.scorecard(), style, out);
    }

    @Override
    public int findingsShown(AuditResult r) {
        return 20;
    }

    @Override
    public String summaryLine(AuditResult r, Report report, Style style) {
        return ScanView.line(r.scan(), report, style);
    }

    @Override
    public void markdown(AuditResult r, StringBuilder out) {
        AuditText.scorecardMarkdown(r.scorecard(), out);
        out.append("| summary | value |\n|---|---|\n")
                .append("| findings | ").append(r.scan().findings()).append(" |\n")
                .append("| placeholders | ").append(r.scan().placeholders()).append(" |\n")
                .append("| secrets | ").append(r.scan().secrets()).append(" |\n")
                .append("| files | ").append(r.scan().stats().files()).append(" |\n")
                .append("| bytes | ").append(r.scan().stats().bytes()).append(" |\n")
                .append("| millis | ").append(r.scan().stats().elapsedMs()).append(" |\n\n");
    }
}
