package dev.zerofail.report;

import dev.zerofail.core.Report;
import dev.zerofail.core.Result;

/**
 * How one {@link Result} type reads for a person. The text reporter prints {@link #head} (before
 * the findings: the audit's scorecard), the findings, {@link #body} (a plan, per-service lines),
 * the warnings and {@link #summaryLine}; the Markdown reporter uses {@link #markdown}. JSON needs
 * no view: it is the record itself. Register each view in {@link Views}.
 */
public interface ResultView<R extends Result> {
    Class<R> type();

    default void head(R result, Style style, StringBuilder out) {
    }

    default void body(R result, Style style, StringBuilder out) {
    }

    /** How many findings the text lists (the worst first when fewer than all); the audit shows a few under its scorecard. */
    default int findingsShown(R result) {
        return Integer.MAX_VALUE;
    }

    /** The last line; by default the number of findings. */
    default String summaryLine(R result, Report report, Style style) {
        return Views.findingCount(report, style);
    }

    /** Markdown after the heading and before the findings table; by default the result's fields as a table. */
    default void markdown(R result, StringBuilder out) {
        Views.fieldTable(result, out);
    }

    /**
     * CSV rows (a header first) for {@code --format csv}; false when the result has no table of its
     * own, and the CSV reporter writes the findings (or the top-level fields) instead.
     */
    default boolean csv(R result, Csv out) {
        return false;
    }

    /** A whole page for {@code --format html}; null: the HTML reporter wraps the text report instead. */
    default String html(R result, Report report) {
        return null;
    }
}
