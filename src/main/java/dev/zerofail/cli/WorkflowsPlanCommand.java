package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.workflow.ConsolidationPlan;
import dev.zerofail.workflow.PlanResult;
import dev.zerofail.workflow.Planner;
import dev.zerofail.workflow.WorkflowSet;
import dev.zerofail.workflow.WorkflowsConfig;
import dev.zerofail.core.ZerofailConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "plan", header = "Propose a consolidated set of workflows.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Propose the consolidated set: production deploy, staging deploy, secret sync, quality gate "
                + "(with the secret scan), plus an emergency deploy; which workflow becomes which, which are archived, which "
                + "copied step sequences become composite actions, and the before/after figures. Changes nothing."})
public final class WorkflowsPlanCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @Override
    public Integer call() {
        Path root = repository.root();
        WorkflowSet set = WorkflowSet.load(root);
        ConsolidationPlan plan = Planner.plan(set, WorkflowsConfig.from(ZerofailConfig.load(root, config).section("workflows")));
        emit(new Report("workflows plan", set.root().toString(), PlanResult.of(plan, null, false), List.of(), List.of()));
        return ExitCode.OK.code();
    }
}
