package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.runs.RunsReportResult;
import dev.zerofail.runs.RunsReportResult.CauseCount;
import dev.zerofail.runs.RunsReportResult.Figures;
import dev.zerofail.runs.RunsReportResult.Group;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code zerofail runs report}: the figures, then one section per list; Markdown tables for a job summary; CSV per group. */
final class RunsReportView implements ResultView<RunsReportResult> {
    @Override
    public Class<RunsReportResult> type() {
        return RunsReportResult.class;
    }

    @Override
    public void body(RunsReportResult r, Style style, StringBuilder out) {
        lines(r, style).forEach(l -> out.append(l).append('\n'));
        out.append('\n');
    }

    List<String> lines(RunsReportResult r, Style style) {
        List<String> out = new ArrayList<>();
        out.add(style.bold("CI runs" + (r.repo() == null ? "" : " of " + r.repo())) + (r.firstRun() == null ? ""
                : ", " + r.firstRun() + " … " + r.lastRun()) + "  (" + r.database() + ")");
        Figures t = r.totals();
        out.add("  " + figures(t, style));
        out.add("  job time " + hours(t.jobMs()) + "   billable " + t.billableMinutes() + " min   cost " + usd(t.cost())
                + "   on failed runs " + style.red(usd(t.failedCost())) + " (" + t.failedBillableMinutes() + " min)");
        if (r.unpricedJobs() > 0) {
            out.add(style.yellow("  " + r.unpricedJobs() + " job(s) on runners without a price in runs.prices: billed at "
                    + "their OS's standard price"));
        }
        if (!r.billing().isEmpty()) {
            out.add("");
            out.add(style.bold("Billing by runner"));
            for (RunsReportResult.Billing b : r.billing()) {
                out.add(String.format(Locale.ROOT, "  %-16s %7d jobs %9d min × %s = %s", b.runner(), b.jobs(),
                        b.billableMinutes(), usd(b.pricePerMinute()), usd(b.cost())));
            }
        }
        if (!r.causes().isEmpty()) {
            out.add("");
            out.add(style.bold("Top causes of failed jobs"));
            for (CauseCount c : r.causes()) {
                out.add(String.format(Locale.ROOT, "  %-20s %6d  %s", c.cause(), c.jobs(), pct(c.share()))
                        + (c.fix() == null ? "" : "   fix: " + c.fix()));
                for (RunsReportResult.Example e : c.examples()) {
                    out.add(style.dim("      e.g. " + (e.url() == null ? e.workflow() : e.url()) + "  " + e.job()
                            + (e.evidence() == null ? "" : ": " + e.evidence())));
                }
            }
        }
        if (!r.flaky().isEmpty()) {
            out.add("");
            out.add(style.bold("Flaky workflows") + " (failed, then passed on a re-run of the same commit)");
            for (RunsReportResult.Flaky f : r.flaky()) {
                out.add("  " + f.workflow() + ": " + f.commits() + " commit(s), " + f.reRuns() + " re-run(s)"
                        + (f.exampleUrl() == null ? "" : "   e.g. " + f.exampleUrl()));
            }
        }
        if (!r.wasteful().isEmpty()) {
            out.add("");
            out.add(style.bold("Most wasteful workflows"));
            for (RunsReportResult.Waste w : r.wasteful()) {
                out.add("  " + w.workflow() + ": " + usd(w.failedCost()) + " (" + w.failedBillableMinutes()
                        + " min) on " + w.failed() + " failed run(s) of " + w.runs() + ", failure " + pct(w.failureRate()));
            }
        }
        if (!r.jobs().isEmpty()) {
            out.add("");
            out.add(style.bold("Jobs by billable minutes"));
            for (RunsReportResult.JobTime j : r.jobs()) {
                out.add("  " + j.workflow() + " / " + j.job() + ": " + j.runs() + " run(s), mean "
                        + HistoryView.secs(j.meanMs()) + ", " + j.billableMinutes() + " min, " + usd(j.cost()));
            }
        }
        out.add("");
        RunsReportResult.PushToDeploy p = r.pushToDeploy();
        out.add(style.bold("Push to successful deploy") + ": " + (p.medianMs() == null ? "no figure: " + p.skippedReason()
                : "median " + HistoryView.secs(p.medianMs()) + ", mean " + HistoryView.secs(p.meanMs()) + " over "
                        + p.matched() + " deploy(s)"));
        if (!r.groups().isEmpty()) {
            out.add("");
            out.add(style.bold("By " + r.by()));
            for (Group g : r.groups()) {
                out.add("  " + g.key() + ": " + figures(g.figures(), style) + "   cost " + usd(g.figures().cost())
                        + ", on failed runs " + usd(g.figures().failedCost()));
            }
        }
        return out;
    }

    private static String figures(Figures f, Style style) {
        return f.runs() + " run(s), " + f.completed() + " completed, " + f.reRuns() + " re-run(s)   success "
                + pct(f.successRate()) + "   failure " + (f.failureRate() != null && f.failureRate() > 0.2
                        ? style.red(pct(f.failureRate())) : pct(f.failureRate())) + "   cancelled " + pct(f.cancelledRate())
                + "   skipped " + pct(f.skippedRate());
    }

    static String pct(Double rate) {
        return rate == null ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String usd(BigDecimal v) {
        return v == null ? "-" : "$" + v.toPlainString();
    }

    private static String hours(long ms) {
        long minutes = ms / 60_000;
        return minutes >= 60 ? minutes / 60 + "h " + minutes % 60 + "m" : HistoryView.secs(ms);
    }

    @Override
    public String summaryLine(RunsReportResult r, Report report, Style style) {
        Figures t = r.totals();
        return t.runs() + " run(s): failure " + pct(t.failureRate()) + ", " + usd(t.failedCost()) + " of " + usd(t.cost())
                + " spent on failed runs";
    }

    @Override
    public void markdown(RunsReportResult r, StringBuilder out) {
        Figures t = r.totals();
        out.append("| runs | completed | re-runs | success | failure | cancelled | skipped | billable min | cost | "
                + "on failed runs |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append(row(t)).append("\n\n");
        if (!r.causes().isEmpty()) {
            out.append("**Top causes of failed jobs**\n\n| cause | jobs | share | example | fix |\n|---|---:|---:|---|---|\n");
            for (CauseCount c : r.causes()) {
                RunsReportResult.Example e = c.examples().isEmpty() ? null : c.examples().get(0);
                out.append("| ").append(c.cause()).append(" | ").append(c.jobs()).append(" | ").append(pct(c.share()))
                        .append(" | ").append(e == null || e.url() == null ? "" : "[" + Markdown.esc(e.job()) + "](" + e.url()
                                + ")").append(" | ").append(c.fix() == null ? "" : Markdown.esc(c.fix())).append(" |\n");
            }
            out.append('\n');
        }
        if (!r.wasteful().isEmpty()) {
            out.append("**Most wasteful workflows**\n\n| workflow | failed runs | failure | min on failed runs | "
                    + "spent on failed runs |\n|---|---:|---:|---:|---:|\n");
            for (RunsReportResult.Waste w : r.wasteful()) {
                out.append("| ").append(Markdown.esc(w.workflow())).append(" | ").append(w.failed()).append(" of ")
                        .append(w.runs()).append(" | ").append(pct(w.failureRate())).append(" | ")
                        .append(w.failedBillableMinutes()).append(" | ").append(usd(w.failedCost())).append(" |\n");
            }
            out.append('\n');
        }
        if (!r.flaky().isEmpty()) {
            out.append("**Flaky workflows**\n\n| workflow | commits | re-runs |\n|---|---:|---:|\n");
            r.flaky().forEach(f -> out.append("| ").append(Markdown.esc(f.workflow())).append(" | ").append(f.commits())
                    .append(" | ").append(f.reRuns()).append(" |\n"));
            out.append('\n');
        }
        RunsReportResult.PushToDeploy p = r.pushToDeploy();
        out.append("**Push to successful deploy:** ").append(p.medianMs() == null ? "no figure (" + Markdown.esc(
                p.skippedReason()) + ")" : "median " + HistoryView.secs(p.medianMs()) + " over " + p.matched()
                        + " deploy(s)").append("\n\n");
        if (!r.groups().isEmpty()) {
            out.append("**By ").append(r.by()).append("**\n\n| ").append(r.by()).append(" | runs | completed | re-runs | "
                    + "success | failure | cancelled | skipped | billable min | cost | on failed runs |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            r.groups().forEach(g -> out.append("| ").append(Markdown.esc(g.key())).append(" ").append(row(g.figures()))
                    .append('\n'));
            out.append('\n');
        }
    }

    private static String row(Figures f) {
        return "| " + f.runs() + " | " + f.completed() + " | " + f.reRuns() + " | " + pct(f.successRate()) + " | "
                + pct(f.failureRate()) + " | " + pct(f.cancelledRate()) + " | " + pct(f.skippedRate()) + " | "
                + f.billableMinutes() + " | " + usd(f.cost()) + " | " + usd(f.failedCost()) + " |";
    }

    /** One row per group, plus a total row: numbers as numbers (rates 0–1, money in dollars), for a spreadsheet. */
    @Override
    public boolean csv(RunsReportResult r, Csv out) {
        out.row(r.by() == null ? "group" : r.by(), "runs", "completed", "succeeded", "failed", "cancelled", "skipped",
                "re_runs", "success_rate", "failure_rate", "cancelled_rate", "skipped_rate", "jobs", "job_minutes",
                "billable_minutes", "cost_usd", "failed_billable_minutes", "failed_cost_usd");
        for (Group g : r.groups()) {
            out.row(csvRow(g.key(), g.figures()));
        }
        out.row(csvRow("(total)", r.totals()));
        return true;
    }

    private static List<Object> csvRow(String key, Figures f) {
        return java.util.Arrays.asList(key, f.runs(), f.completed(), f.succeeded(), f.failed(), f.cancelled(), f.skipped(),
                f.reRuns(), f.successRate(), f.failureRate(), f.cancelledRate(), f.skippedRate(), f.jobs(),
                BigDecimal.valueOf(f.jobMs()).divide(BigDecimal.valueOf(60_000), 2, java.math.RoundingMode.HALF_UP),
                f.billableMinutes(), f.cost(), f.failedBillableMinutes(), f.failedCost());
    }
}
