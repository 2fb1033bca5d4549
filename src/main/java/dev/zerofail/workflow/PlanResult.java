package dev.zerofail.workflow;

import dev.zerofail.core.Result;
import java.util.List;
import java.util.Map;

/**
 * The result of {@code zerofail workflows plan} and {@code workflows apply}
 * (docs/schemas/workflows-plan.schema.json, workflows-apply.schema.json): the plan as facts —
 * which workflow becomes which, what is folded, kept (and why), archived, extracted, and the
 * figures before and after — and, for apply, what was written and moved.
 *
 * @param noOp              true when the workflows are already consolidated and nothing would change
 * @param targets           core workflow file → the existing workflows it replaces (empty list: a new file)
 * @param folded            core workflow file → workflows with no core purpose whose jobs it now carries
 * @param kept              workflows left as they are
 * @param keptReasons       why each of them stays
 * @param archived          workflows moved under .github/workflows/archive/ (folded and unreadable ones included)
 * @param compositeActions  composite actions written from copied step sequences
 * @param services          images the generated workflows build, name → build context
 * @param unreadable        active workflows GitHub cannot parse (archived)
 * @param unreadableProblems the parser's message for each
 * @param images            how the images were found; null when there is nothing to do
 * @param before            figures of the workflows now
 * @param after             the same figures measured on the set apply leaves
 * @param applied           what apply did (or, with --dry-run, would do); null for plan
 */
public record PlanResult(boolean noOp, Map<String, List<String>> targets, Map<String, List<String>> folded,
        List<String> kept, List<ConsolidationPlan.Kept> keptReasons, List<String> archived,
        List<ConsolidationPlan.CompositeAction> compositeActions, Map<String, String> services, List<String> unreadable,
        List<ConsolidationPlan.Unreadable> unreadableProblems, ConsolidationPlan.ImagePlan images,
        ConsolidationPlan.Figures before, ConsolidationPlan.Figures after, Applied applied) implements Result {

    /**
     * @param dryRun  true when nothing was written
     * @param written files created or replaced (relative paths)
     * @param moved   workflows moved into the archive
     * @param diff    unified diff of every change; only with --dry-run
     */
    public record Applied(boolean dryRun, List<String> written, List<Applier.Move> moved, String diff) {
        public Applied {
            written = List.copyOf(written);
            moved = List.copyOf(moved);
        }
    }

    public static PlanResult of(ConsolidationPlan plan, Applier.Result applied, boolean dryRun) {
        return new PlanResult(plan.isNoOp(), plan.targets(), plan.folded(), plan.kept(), plan.keptReasons(),
                plan.archived(), plan.actions(), plan.services(), plan.unreadable(), plan.unreadableProblems(),
                plan.images(), plan.before(), plan.after(), applied == null ? null
                        : new Applied(dryRun, applied.written(), applied.moved(), dryRun ? applied.diff() : null));
    }
}
