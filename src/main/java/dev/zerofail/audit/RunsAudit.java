package dev.zerofail.audit;

import dev.zerofail.core.Scorecard;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.JdbcRunStore;
import dev.zerofail.runs.Prices;
import dev.zerofail.runs.RunsReport;
import dev.zerofail.runs.RunsReportResult;
import dev.zerofail.runs.cause.Cause;
import dev.zerofail.runs.cause.CauseClassifier;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The CI runs section: the figures are {@code zerofail runs report}'s (docs/runs.md) over the runs
 * created in the audit window, so the audit and the report never disagree. No run imported: every
 * check is "not measured", never a failure.
 */
public final class RunsAudit {
    static final String IMPORT = "import the CI history: zerofail runs import --repo OWNER/NAME";

    private RunsAudit() {
    }

    /**
     * Counts over nothing are absent (null). {@code failedJobs}: the failed jobs the causes were
     * counted over (a failed run without a failed job counts as one).
     */
    public record RunsFigures(String database, boolean databaseExists, int windowDays, int runs, int completed,
            int failed, Double failureRate, long failedBillableMinutes, BigDecimal failedCost, String currency,
            int failedJobs, String topCause, Integer topCauseJobs, Double topCauseShare, String topCauseFix,
            String topCauseExample) {
    }

    public static RunsFigures none(String database, AuditConfig cfg) {
        return new RunsFigures(database, false, cfg.windowDays(), 0, 0, 0, null, 0, BigDecimal.ZERO.setScale(2), "USD", 0,
                null, null, null, null, null);
    }

    public static RunsFigures measure(HistoryStore store, String database, Prices prices, AuditConfig cfg, Instant at) {
        Instant since = at.minus(Duration.ofDays(cfg.windowDays()));
        RunsReportResult r = new RunsReport(new JdbcRunStore(store.dataSource()), prices, CauseClassifier.builtIn())
                .run(new RunsReport.Query(null, since, null), database);
        RunsReportResult.Figures t = r.totals();
        int failedJobs = r.causes().stream().mapToInt(RunsReportResult.CauseCount::jobs).sum();
        RunsReportResult.CauseCount top = r.causes().isEmpty() ? null : r.causes().get(0);
        String example = top == null || top.examples().isEmpty() ? null : top.examples().get(0).url();
        return new RunsFigures(database, true, cfg.windowDays(), t.runs(), t.completed(), t.failed(), t.failureRate(),
                t.failedBillableMinutes(), t.failedCost(), r.currency(), failedJobs, top == null ? null : top.cause(),
                top == null ? null : top.jobs(), top == null ? null : top.share(), top == null ? null : top.fix(), example);
    }

    /** Definition of done for CI: runs mostly pass, failures cost little, and why they fail is known. */
    public static Scorecard.Section section(RunsFigures f, AuditConfig cfg) {
        String rate = "CI failure rate at most " + pct(cfg.ciFailureRatePercent()) + "% over " + cfg.windowDays() + " days";
        String waste = cfg.ciWasteDollars() == null ? "Money and minutes spent on failed CI runs (no limit set)"
                : "At most $" + cfg.ciWasteDollars().toPlainString() + " spent on failed CI runs over " + cfg.windowDays()
                        + " days";
        String cause = "The top cause of failed CI jobs is known";
        String name = "CI runs (runs)";
        if (!f.databaseExists() || f.completed() == 0) {
            String why = !f.databaseExists() ? "no CI history in " + f.database()
                    : f.runs() == 0 ? "no CI run imported for the last " + f.windowDays() + " days"
                            : "no CI run completed in the last " + f.windowDays() + " days";
            return new Scorecard.Section(name, List.of(Scorecard.Check.notMeasured("runs.failure-rate", rate, why, IMPORT),
                    Scorecard.Check.notMeasured("runs.waste", waste, why, IMPORT),
                    Scorecard.Check.notMeasured("runs.top-cause", cause, why, IMPORT)));
        }
        // from the counts, not the rounded rate: a rate just over the limit must not round down to pass
        boolean rateOk = f.failed() * 100.0 <= cfg.ciFailureRatePercent() * f.completed() + 1e-9;
        String wasteDetail = "$" + f.failedCost().toPlainString() + ", " + f.failedBillableMinutes()
                + " billable minute(s) on " + f.failed() + " failed run(s)";
        boolean wasteOk = cfg.ciWasteDollars() == null || f.failedCost().compareTo(cfg.ciWasteDollars()) <= 0;
        return new Scorecard.Section(name, List.of(
                new Scorecard.Check("runs.failure-rate", rate, rateOk,
                        pct(Math.ceil(f.failed() * 1000.0 / f.completed() - 1e-9) / 10) + "% of " + f.completed() + " completed run(s) failed ("
                                + f.failed() + ")",
                        "see why they fail: zerofail runs report --by cause --since " + f.windowDays() + "d"),
                new Scorecard.Check("runs.waste", waste, wasteOk, wasteDetail,
                        "see the most wasteful workflows: zerofail runs report --since " + f.windowDays() + "d"),
                topCause(f, cause)));
    }

    private static Scorecard.Check topCause(RunsFigures f, String description) {
        if (f.topCause() == null) {
            return new Scorecard.Check("runs.top-cause", description, true, "no failed job", null);
        }
        boolean unknown = f.topCause().equals(Cause.UNKNOWN.name().toLowerCase(Locale.ROOT));
        String detail = f.topCause() + ": " + f.topCauseJobs() + " of " + f.failedJobs() + " failed job(s)"
                + (f.topCauseFix() == null ? "" : "; fix: " + f.topCauseFix())
                + (f.topCauseExample() == null ? "" : "; e.g. " + f.topCauseExample());
        String fix = unknown ? "keep the failing lines so causes can be read: zerofail runs import --repo OWNER/NAME --logs"
                : f.topCauseFix() != null ? f.topCauseFix()
                        : "zerofail runs report --by cause --since " + f.windowDays() + "d";
        return new Scorecard.Check("runs.top-cause", description, !unknown, detail, fix);
    }

    static String pct(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
