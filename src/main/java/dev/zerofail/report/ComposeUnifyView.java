package dev.zerofail.report;

import dev.zerofail.compose.Unifier;
import dev.zerofail.compose.UnifyResult;
import java.util.ArrayList;
import java.util.List;

/** {@code compose unify}: the merge order, every decision, the parameters, and what was written. */
final class ComposeUnifyView implements ResultView<UnifyResult> {
    @Override
    public Class<UnifyResult> type() {
        return UnifyResult.class;
    }

    @Override
    public void body(UnifyResult r, Style style, StringBuilder out) {
        lines(r).forEach(l -> out.append(l).append('\n'));
        out.append('\n');
    }

    @Override
    public void markdown(UnifyResult r, StringBuilder out) {
        out.append("```\n");
        lines(r).forEach(l -> out.append(l).append('\n'));
        out.append("```\n\n");
    }

    static List<String> lines(UnifyResult r) {
        List<String> lines = new ArrayList<>();
        lines.add("Unified " + r.sources().size() + " file(s) in this order (later wins): " + String.join(", ", r.sources()));
        for (Unifier.Decision d : r.decisions()) {
            lines.add("  " + (d.service() == null ? "" : d.service() + ".") + String.join(", ", d.keys()) + ": " + d.message());
        }
        if (!r.parameters().isEmpty()) {
            lines.add("Parameters:");
            for (Unifier.Parameter p : r.parameters()) {
                lines.add("  " + p.name() + " (default " + p.defaultValue() + "): " + p.purpose());
            }
        }
        lines.add(r.output() == null ? "(dry run: nothing written)" : "wrote " + r.output());
        return lines;
    }
}
