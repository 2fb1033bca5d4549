package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.runs.RunsImportResult;
import java.util.ArrayList;
import java.util.List;

/** {@code zerofail runs import}: what was read and stored, and what the API cost. */
final class RunsImportView implements LineView<RunsImportResult> {
    @Override
    public Class<RunsImportResult> type() {
        return RunsImportResult.class;
    }

    @Override
    public List<String> lines(RunsImportResult r, Style style) {
        List<String> out = new ArrayList<>();
        out.add("Imported " + (r.repo() == null ? "runs" : r.repo()) + " into " + r.database()
                + (r.source().equals("files") ? " from " + r.filesRead() + " file(s)" : " from the API")
                + (r.workflow() == null ? "" : ", workflow " + r.workflow())
                + (r.since() == null ? "" : ", since " + r.since()));
        out.add("  runs listed: " + r.runsListed() + " (" + r.runsUnchanged() + " unchanged)   attempts saved: "
                + r.attemptsSaved() + "   jobs saved: " + r.jobsSaved() + (r.logsSaved() > 0 ? "   logs kept: "
                        + r.logsSaved() : ""));
        if (r.requests() != null) {
            out.add("  slices: " + r.slices() + " (" + r.narrowedSlices() + " halved at the 1,000-result cap)   requests: "
                    + r.requests() + " (" + r.notModified() + " not modified)   retries: " + r.retries());
            out.add("  rate limits: " + (r.rateLimitWaits() == 0 ? "no wait"
                    : r.rateLimitWaits() + " wait(s), " + HistoryView.secs(r.rateLimitWaitedMs()) + " in all"));
        }
        for (String t : r.truncatedSlices()) {
            out.add(style.yellow("  " + t + ": more than 1,000 runs within one second; only 1,000 imported"));
        }
        if (r.filesSkipped() != null && r.filesSkipped() > 0) {
            out.add("  files skipped: " + r.filesSkipped() + " (see the warnings)");
        }
        return out;
    }

    @Override
    public String summaryLine(RunsImportResult r, Report report, Style style) {
        return style.green(r.attemptsSaved() + " run attempt(s), " + r.jobsSaved() + " job(s) saved");
    }
}
