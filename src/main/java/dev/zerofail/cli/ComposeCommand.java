package dev.zerofail.cli;

import picocli.CommandLine.Command;

@Command(name = "compose", header = "Analyze, merge and unify docker-compose files.",
        mixinStandardHelpOptions = true,
        description = {"Make sense of many docker-compose files: analyze them, print their merged canonical form, "
                + "or unify them into one parameterised file that docker stack deploy and zerofail deploy accept."},
        subcommands = {ComposeAnalyzeCommand.class, ComposeConfigCommand.class, ComposeUnifyCommand.class})
public final class ComposeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
