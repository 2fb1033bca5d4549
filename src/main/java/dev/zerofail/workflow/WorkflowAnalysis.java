package dev.zerofail.workflow;

import dev.zerofail.core.Result;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of {@code zerofail workflows analyze} (docs/schemas/workflows-analyze.schema.json).
 *
 * @param workflows        active workflows (top level, not archived, composite actions excluded)
 * @param archived         workflows under .github/workflows/archive/
 * @param compositeActions composite actions under .github/actions/
 * @param unreadable       files that could not be parsed
 * @param lines            lines of the active workflows
 * @param duplicatedLines  lines of active workflows that copy steps of another file
 * @param findings         findings reported
 * @param byPurpose        active workflows per purpose (deploy, quality, …)
 * @param byTrigger        active workflows per trigger event
 * @param byRule           findings per rule id
 * @param inventory        every workflow read, archived and composite ones included
 */
public record WorkflowAnalysis(int workflows, long archived, long compositeActions, int unreadable, int lines,
        int duplicatedLines, int findings, Map<String, Long> byPurpose, Map<String, Long> byTrigger,
        Map<String, Long> byRule, List<Entry> inventory) implements Result {
    public WorkflowAnalysis {
        byPurpose = Collections.unmodifiableMap(new TreeMap<>(byPurpose));
        byTrigger = Collections.unmodifiableMap(new TreeMap<>(byTrigger));
        byRule = Collections.unmodifiableMap(new TreeMap<>(byRule));
        inventory = List.copyOf(inventory);
    }

    /**
     * One workflow file.
     *
     * @param name         its name:, or "" when it has none
     * @param purpose      what it is for (deploy, build, quality, security, secrets, …)
     * @param environments the environments its jobs deploy to
     * @param calls        reusable workflows its jobs call (uses: of a job)
     */
    public record Entry(String path, String name, String purpose, boolean archived, List<String> triggers, int jobs,
            List<String> environments, List<String> calls) {
        public Entry {
            triggers = List.copyOf(triggers);
            environments = List.copyOf(environments);
            calls = List.copyOf(calls);
        }
    }
}
