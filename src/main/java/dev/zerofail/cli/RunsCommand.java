package dev.zerofail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "runs", header = "Import CI runs and report failures, causes and cost.",
        mixinStandardHelpOptions = true,
        description = {"CI run history in the history database: 'runs import' reads workflow runs, jobs and steps "
                + "from GitHub's REST API (or gh's JSON), 'runs report' gives success and failure rates, flaky "
                + "workflows, minutes and money, and the top root causes of failed jobs."},
        subcommands = {RunsImportCommand.class, RunsReportCommand.class})
public final class RunsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
