package dev.zerofail.report;

import dev.zerofail.core.Durations;
import dev.zerofail.core.Report;
import dev.zerofail.stats.DoraClass;
import dev.zerofail.stats.StatsResult;
import dev.zerofail.stats.StatsResult.Day;
import dev.zerofail.stats.StatsResult.Scope;
import dev.zerofail.stats.StatsResult.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code zerofail stats}: the streak, then per window the success and DORA figures, then a line per service. */
final class StatsView implements LineView<StatsResult> {
    @Override
    public Class<StatsResult> type() {
        return StatsResult.class;
    }

    @Override
    public List<String> lines(StatsResult r, Style style) {
        List<String> out = new ArrayList<>();
        if (!r.databaseExists()) {
            out.add("No deployments recorded yet (" + r.database() + ").");
            return out;
        }
        out.add("Environment " + r.environment() + (r.service() == null ? ", all services" : ", service " + r.service())
                + "; calendar days in " + r.timezone() + ", up to " + r.at());
        scope(r, r.all(), style, out, "");
        for (Scope s : r.services()) {
            out.add("");
            out.add("Service " + s.service() + ":");
            scope(r, s, style, out, "  ");
        }
        return out;
    }

    private static void scope(StatsResult r, Scope s, Style style, List<String> out, String indent) {
        StatsResult.Streak k = s.streak();
        String target = pct(r.successTargetPercent() / 100);
        out.add(indent + "≥ " + target + " for " + k.requiredDays() + " consecutive days: "
                + (k.met() ? style.green("yes") : style.red("no")) + " (current streak " + k.days() + " day"
                + (k.days() == 1 ? "" : "s") + (k.since() == null ? "" : " since " + k.since())
                + (k.capped() ? ", or more: it reaches the " + k.lookbackDays() + "-day lookback" : "")
                + "; days without deploys neither break nor extend it"
                + (k.emptyDaysSkipped() > 0 ? ", " + k.emptyDaysSkipped() + " skipped" : "") + ")");
        for (Window w : s.windows()) {
            out.add(indent + "Last " + w.days() + " days (from " + w.from() + "):");
            String in = indent + "  ";
            out.add(in + "success rate        " + rate(w.successRate()) + " (" + w.successes() + " of " + w.attempts()
                    + " attempts)");
            out.add(in + "deploy frequency    " + String.format(Locale.ROOT, "%.2f", w.deploymentFrequencyPerWeek())
                    + " days/week (" + w.deploymentDays() + " days with deploys, " + w.deployments() + " deployments)  "
                    + cls(w.deploymentFrequencyClass()));
            out.add(in + "change fail rate    " + rate(w.changeFailRate()) + " (" + w.changeFailures() + " of "
                    + w.deployments() + ")  " + cls(w.changeFailRateClass()));
            out.add((in + "recovery time       " + (w.recoveryMedianMs() == null ? "-" : "median " + dur(w.recoveryMedianMs())
                    + ", mean " + dur(w.recoveryMeanMs())) + " (" + w.recovered() + " recovered, " + w.unrecovered()
                    + " not yet)  " + cls(w.recoveryClass())).stripTrailing());
            out.add(in + "rework rate         " + rate(w.reworkRate()) + " (" + w.rework() + " of " + w.deployments() + ")");
            out.add(in + "deploy time         " + (w.deployTimeMeanMs() == null ? "-" : "mean " + dur(w.deployTimeMeanMs())
                    + ", p90 " + dur(w.deployTimeP90Ms())) + " (" + w.succeeded() + " succeeded)");
            out.add(in + "change lead time    " + (w.leadTimeOmitted() != null
                    ? "left out: no deploy in the window recorded its commit time (zerofail deploy --commit SHA)"
                    : "median " + dur(w.leadTimeMedianMs()) + " (" + w.leadTimeDeployments() + " deploys with a commit)  "
                            + cls(w.leadTimeClass())));
            StringBuilder days = new StringBuilder(in + "by day              ");
            for (Day d : w.daily()) {
                days.append(d.date().substring(5)).append(' ').append(d.attempts() == 0 ? "-" : rate(d.successRate()))
                        .append("  ");
            }
            out.add(days.toString().stripTrailing());
        }
    }

    @Override
    public String summaryLine(StatsResult r, Report report, Style style) {
        if (!r.databaseExists() || r.all() == null) {
            return "no deployments recorded";
        }
        StatsResult.Streak k = r.all().streak();
        return k.met() ? style.green("success target met for " + k.requiredDays() + " days")
                : style.bold("success target not met (streak " + k.days() + " of " + k.requiredDays() + " days)");
    }

    private static String cls(DoraClass c) {
        return c == null ? "" : "[" + c.name().toLowerCase(Locale.ROOT) + "]";
    }

    private static String rate(Double v) {
        return v == null ? "-" : pct(v);
    }

    private static String pct(double v) {
        double p = v * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }

    private static String dur(Long ms) {
        if (ms == null) {
            return "-";
        }
        if (ms < 3_600_000) {
            return Durations.elapsed(Duration.ofMillis(ms));
        }
        long m = ms / 60_000;
        return m < 24 * 60 ? String.format(Locale.ROOT, "%dh%02dm", m / 60, m % 60)
                : String.format(Locale.ROOT, "%dd%02dh", m / (24 * 60), (m / 60) % 24);
    }
}
