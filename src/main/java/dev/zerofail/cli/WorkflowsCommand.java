package dev.zerofail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "workflows", header = "Analyse and consolidate GitHub Actions workflows.",
        mixinStandardHelpOptions = true,
        description = {"Analyse a repository's GitHub Actions workflows as a set: why they fail or race, and "
                + "what to consolidate."},
        subcommands = {WorkflowsAnalyzeCommand.class, WorkflowsPlanCommand.class, WorkflowsApplyCommand.class})
public final class WorkflowsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
