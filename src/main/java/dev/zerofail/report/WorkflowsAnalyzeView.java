package dev.zerofail.report;

import dev.zerofail.workflow.WorkflowAnalysis;

/** {@code workflows analyze}: the findings and their count; Markdown adds the figures. */
final class WorkflowsAnalyzeView implements ResultView<WorkflowAnalysis> {
    @Override
    public Class<WorkflowAnalysis> type() {
        return WorkflowAnalysis.class;
    }

    @Override
    public void markdown(WorkflowAnalysis r, StringBuilder out) {
        out.append("| workflows | archived | composite actions | unreadable | lines | duplicated lines | findings |\n")
                .append("|---|---|---|---|---|---|---|\n")
                .append("| ").append(r.workflows()).append(" | ").append(r.archived()).append(" | ")
                .append(r.compositeActions()).append(" | ").append(r.unreadable()).append(" | ").append(r.lines())
                .append(" | ").append(r.duplicatedLines()).append(" | ").append(r.findings()).append(" |\n\n");
        if (!r.inventory().isEmpty()) {
            out.append("| workflow | purpose | triggers | jobs | environments |\n|---|---|---|---|---|\n");
            for (WorkflowAnalysis.Entry e : r.inventory()) {
                out.append("| `").append(Markdown.esc(e.path())).append('`').append(e.archived() ? " (archived)" : "")
                        .append(" | ").append(e.purpose()).append(" | ").append(Markdown.esc(String.join(", ", e.triggers())))
                        .append(" | ").append(e.jobs()).append(" | ").append(Markdown.esc(String.join(", ", e.environments())))
                        .append(" |\n");
            }
            out.append('\n');
        }
    }
}
