package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Severity;
import dev.zerofail.workflow.WorkflowAnalyzer;
import dev.zerofail.workflow.WorkflowSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read every workflow under .github/workflows/ (and composite actions under .github/actions/) "
                + "and report: an inventory (purpose, triggers, environments), competing deploys and copied step "
                + "sequences across files, masked failures (|| true, set +e, continue-on-error, if: always()), "
                + "manual operations (ssh, scp, rsync, kubectl exec, hard-coded IPs), exposed secrets, and hygiene "
                + "(unpinned actions, no concurrency, no timeout-minutes, permissions, floating tool versions)."})
public final class WorkflowsAnalyzeCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "exit 1 when a finding is at or above this (default: high)")
    String failOn = "high";

    @Override
    public Integer call() {
        Severity threshold = Severity.parse(failOn, "--fail-on");
        Report report = WorkflowAnalyzer.analyze(WorkflowSet.load(repository.root()));
        emit(report);
        return report.countAtLeast(threshold) > 0 ? ExitCode.FINDINGS.code() : ExitCode.OK.code();
    }
}
