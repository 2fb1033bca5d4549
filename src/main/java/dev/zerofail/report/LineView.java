package dev.zerofail.report;

import dev.zerofail.core.Result;
import java.util.List;

/**
 * A view whose text is a block of lines before the summary line (deploy, status, history, the
 * secrets plan); in Markdown the same lines in a code block, then the result's field table.
 */
interface LineView<R extends Result> extends ResultView<R> {
    List<String> lines(R result, Style style);

    @Override
    default void body(R result, Style style, StringBuilder out) {
        lines(result, style).forEach(l -> out.append(l).append('\n'));
        out.append('\n');
    }

    @Override
    default void markdown(R result, StringBuilder out) {
        out.append("```\n");
        lines(result, Style.PLAIN).forEach(l -> out.append(l).append('\n'));
        out.append("```\n\n");
        Views.fieldTable(result, out);
    }
}
