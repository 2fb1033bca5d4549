package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.workflow.WorkflowAnalyzer;
import dev.zerofail.workflow.WorkflowSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "analyze", header = "Report why workflows fail or race, and what they repeat.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read every workflow under .github/workflows/ (and composite actions under .github/actions/) "
                + "and report: an inventory (purpose, triggers, environments), competing deploys and copied step "
                + "sequences across files, masked failures (|| true, set +e, continue-on-error, if: always()), "
                + "manual operations (ssh, scp, rsync, kubectl exec, hard-coded IPs), exposed secrets, and hygiene "
                + "(unpinned actions, no concurrency, no timeout-minutes, permissions, floating tool versions)."})
public final class WorkflowsAnalyzeCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @picocli.CommandLine.Mixin
    FailOn.High failOn = new FailOn.High();

    @Override
    public Integer call() {
        Report report = WorkflowAnalyzer.analyze(WorkflowSet.load(repository.root()));
        emit(report);
        return failOn.exitCode(report).code();
    }
}
