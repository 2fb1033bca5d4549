package dev.zerofail.workflow;

import java.util.List;
import java.util.Map;

/**
 * What {@code workflows plan} proposes and {@code workflows apply} carries out.
 *
 * @param targets     core workflow file (relative path) → the existing workflows it replaces
 * @param kept        active workflows left as they are (nothing in the core set does their job)
 * @param archived    existing workflows moved under .github/workflows/archive/
 * @param actions     composite actions to write, from step sequences copied across files
 * @param files       every file to write: relative path → content
 * @param services    images built and deployed, name → build context
 * @param before      figures of the current set (workflows, lines, duplicatedLines, findings)
 * @param after       the same figures for the set after apply, measured on the generated files
 * @param unreadable  active workflows GitHub cannot parse: archived (also listed in archived)
 * @param folded      core workflow file → workflows with no core purpose whose jobs it now carries (also archived)
 * @param notes       what could not be mapped or stays, each with the reason
 */
public record ConsolidationPlan(Map<String, List<String>> targets, List<String> kept, List<String> archived,
        List<CompositeAction> actions, Map<String, String> files, Map<String, String> services,
        Map<String, Object> before, Map<String, Object> after, List<String> unreadable,
        Map<String, List<String>> folded, List<String> notes) {

    public ConsolidationPlan {
        targets = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(targets));
        kept = List.copyOf(kept);
        archived = List.copyOf(archived);
        actions = List.copyOf(actions);
        files = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(files));
        services = Map.copyOf(services);
        before = Map.copyOf(before);
        after = Map.copyOf(after);
        unreadable = List.copyOf(unreadable);
        folded = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(folded));
        notes = List.copyOf(notes);
    }

    /** True when the repository already has the consolidated set: apply would change nothing. */
    public boolean isNoOp() {
        return archived.isEmpty() && files.isEmpty();
    }

    /**
     * @param name    folder name under .github/actions/
     * @param from    where the copied steps were found (path:line)
     * @param inputs  secrets the steps used, now inputs (composite actions cannot read secrets)
     */
    public record CompositeAction(String name, String path, List<String> from, List<String> inputs, int steps) {
        public CompositeAction {
            from = List.copyOf(from);
            inputs = List.copyOf(inputs);
        }
    }
}
