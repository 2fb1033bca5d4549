package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.workflow.Applier;
import dev.zerofail.workflow.ConsolidationPlan;
import dev.zerofail.workflow.PlanResult;
import dev.zerofail.workflow.Planner;
import dev.zerofail.workflow.WorkflowSet;
import dev.zerofail.workflow.WorkflowsConfig;
import dev.zerofail.core.ZerofailConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", header = "Write the consolidated workflows to the working tree.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Carry out the plan on the working tree: write the composite actions and the consolidated "
                + "workflows, move the replaced ones under .github/workflows/archive/, change nothing else. "
                + "Refuses to run on uncommitted changes (so everything can be reviewed and reverted with git) "
                + "unless --force. Running it again changes nothing."})
public final class WorkflowsApplyCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--dry-run", description = "show the changes as a diff and write nothing")
    boolean dryRun;

    @Option(names = "--force", description = "apply even with uncommitted changes or outside a git work tree")
    boolean force;

    @Override
    public Integer call() {
        Path root = repository.root();
        WorkflowSet set = WorkflowSet.load(root);
        ConsolidationPlan plan = Planner.plan(set, WorkflowsConfig.from(ZerofailConfig.load(root, config).section("workflows")));
        Applier.Result result = Applier.apply(set, plan, dryRun, force);
        // one command name with or without --dry-run, so the JSON has one schema; result.applied.dryRun tells them apart
        emit(new Report("workflows apply", set.root().toString(), PlanResult.of(plan, result, dryRun), List.of(), List.of()));
        return ExitCode.OK.code();
    }
}
