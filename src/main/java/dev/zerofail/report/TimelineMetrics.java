package dev.zerofail.report;

import dev.zerofail.core.Durations;
import dev.zerofail.timeline.TimelineResult;
import dev.zerofail.timeline.TimelineResult.Thresholds;
import dev.zerofail.timeline.TimelineResult.Week;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The timeline's figures as the text, Markdown and HTML views show them: one column and one chart each. */
final class TimelineMetrics {
    private TimelineMetrics() {
    }

    enum Kind { RATE, DURATION, COUNT }

    /** Whether a value meets the threshold: at least it, or at most it, or strictly under it. */
    enum Goal { AT_LEAST, AT_MOST, UNDER }

    /**
     * @param column    the text and Markdown column heading
     * @param bars      a bar chart (counts of events); else a line
     * @param threshold from the audit's thresholds; null: the audit has none for this figure
     */
    record Metric(String title, String column, Kind kind, boolean bars, Function<Week, Number> value,
            Function<Thresholds, Number> threshold, Goal goal) {
        Number of(Week w) {
            return value.apply(w);
        }

        Number thresholdOf(TimelineResult r) {
            return threshold == null ? null : threshold.apply(r.thresholds());
        }

        String format(Number v) {
            return TimelineMetrics.format(kind, v);
        }

        /** Null: no threshold or no value. */
        Boolean meets(Number v, TimelineResult r) {
            Number t = thresholdOf(r);
            if (t == null || v == null) {
                return null;
            }
            double x = v.doubleValue();
            double y = t.doubleValue();
            return switch (goal) {
                case AT_LEAST -> x + 1e-9 >= y;
                case AT_MOST -> x <= y + 1e-9;
                case UNDER -> x < y;
            };
        }

        String goalText(TimelineResult r) {
            Number t = thresholdOf(r);
            if (t == null) {
                return null;
            }
            String v = format(t);
            return switch (goal) {
                case AT_LEAST -> "at least " + v;
                case AT_MOST -> t.doubleValue() == 0 ? "none" : "at most " + v;
                case UNDER -> "under " + v;
            };
        }
    }

    static final List<Metric> ALL = List.of(
            new Metric("Deploy success rate", "success", Kind.RATE, false, Week::deploySuccessRate,
                    t -> t.successRatePercent() / 100, Goal.AT_LEAST),
            new Metric("Mean deploy time", "mean time", Kind.DURATION, false, Week::deployTimeMeanMs,
                    Thresholds::deployTimeMeanMs, Goal.UNDER),
            new Metric("Rollbacks", "rollbacks", Kind.COUNT, true, Week::rollbacks, null, null),
            new Metric("Placeholder secrets", "placeholders", Kind.COUNT, false, Week::placeholderSecrets,
                    Thresholds::placeholderSecrets, Goal.AT_MOST),
            new Metric("Active workflows", "workflows", Kind.COUNT, false, Week::activeWorkflows,
                    Thresholds::activeWorkflows, Goal.AT_MOST),
            new Metric("Compose files", "compose", Kind.COUNT, false, Week::composeFiles, null, null),
            new Metric("Manual steps (SSH in workflows)", "manual", Kind.COUNT, false, Week::manualSteps,
                    Thresholds::manualSteps, Goal.AT_MOST),
            new Metric("CI failure rate", "CI failures", Kind.RATE, false, Week::ciFailureRate, null, null));

    /** "—" for a week with nothing to measure. */
    static String format(Kind kind, Number v) {
        if (v == null) {
            return "—";
        }
        return switch (kind) {
            case RATE -> pct(v.doubleValue());
            case DURATION -> Durations.elapsed(Duration.ofMillis(v.longValue())).replace(" s", "s");
            case COUNT -> String.valueOf(v.longValue());
        };
    }

    static String pct(double v) {
        double p = v * 100;
        return (Math.abs(p - Math.rint(p)) < 1e-9 ? String.valueOf(Math.round(p)) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }
}
