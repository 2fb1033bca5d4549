package dev.zerofail.workflow;

import java.util.Arrays;
import java.util.Optional;

/** Lookups over {@link WorkflowRule} and the consolidation target. */
public final class WorkflowRules {
    private WorkflowRules() {
    }

    public static Optional<WorkflowRule> byId(String id) {
        return Arrays.stream(WorkflowRule.values()).filter(r -> r.id().equals(id)).findFirst();
    }
}
