package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.report.TextReporter;
import dev.zerofail.workflow.ConsolidationPlan;
import dev.zerofail.workflow.Planner;
import dev.zerofail.workflow.WorkflowSet;
import dev.zerofail.workflow.WorkflowsConfig;
import dev.zerofail.core.ZerofailConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Propose the consolidated set: production deploy, staging deploy, secret sync, quality gate and "
                + "security scan, plus an emergency deploy; which workflow becomes which, which are archived, which "
                + "copied step sequences become composite actions, and the before/after figures. Changes nothing."})
public final class WorkflowsPlanCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @Override
    public Integer call() {
        Path root = repository.root();
        WorkflowSet set = WorkflowSet.load(root);
        ConsolidationPlan plan = Planner.plan(set, WorkflowsConfig.from(ZerofailConfig.load(root, config).section("workflows")));
        emit(report("workflows plan", set, plan, List.of()));
        return ExitCode.OK.code();
    }

    static Report report(String command, WorkflowSet set, ConsolidationPlan plan, List<String> extra) {
        List<String> text = new ArrayList<>();
        if (plan.isNoOp()) {
            text.add("Nothing to do: the workflows are already consolidated.");
        } else {
            plan.targets().forEach((target, from) -> text.add(target + (from.isEmpty() ? "  (new)" : "  ← "
                    + String.join(", ", from))));
            plan.folded().forEach((target, from) -> from.forEach(f -> text.add("fold: " + f + " → jobs of " + target)));
            plan.kept().forEach(k -> text.add("kept as is: " + k));
            plan.actions().forEach(a -> text.add(a.path() + "  ← " + a.steps() + " steps copied in "
                    + String.join(", ", a.from()) + (a.inputs().isEmpty() ? "" : "; secrets become inputs: "
                    + String.join(", ", a.inputs()))));
            plan.archived().forEach(a -> text.add("archive: " + a));
            plan.notes().forEach(n -> text.add("note: " + n));
            text.add(String.format("before → after: %s → %s workflows, %s → %s lines, %s → %s duplicated lines, "
                    + "%s → %s findings", plan.before().get("workflows"), plan.after().get("workflows"),
                    plan.before().get("lines"), plan.after().get("lines"), plan.before().get("duplicatedLines"),
                    plan.after().get("duplicatedLines"), plan.before().get("findings"), plan.after().get("findings")));
        }
        text.addAll(extra);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(TextReporter.NARRATIVE, text);
        summary.put("targets", plan.targets());
        summary.put("kept", plan.kept());
        summary.put("archived", plan.archived());
        summary.put("compositeActions", plan.actions().stream().map(a -> Map.of("path", a.path(), "from", a.from(),
                "inputs", a.inputs(), "steps", a.steps())).toList());
        summary.put("services", plan.services());
        summary.put("unreadable", plan.unreadable());
        summary.put("folded", plan.folded());
        summary.put("notes", plan.notes());
        summary.put("before", plan.before());
        summary.put("after", plan.after());
        return Report.of(command, set.root().toString(), List.of(), summary, List.of());
    }
}
