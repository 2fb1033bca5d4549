package dev.zerofail.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code zerofail secrets}: the manifest commands. sync, verify and run join this list as they
 * arrive; each is its own class, so adding one is one entry in {@code subcommands}.
 */
@Command(name = "secrets", header = "Manage the manifest of every secret and its stores.",
        mixinStandardHelpOptions = true,
        description = {"One canonical manifest of every secret (CI name, store path, runtime variable, format), "
                + "checked against the repository, with a checklist and a set-up script for the people who hold "
                + "the values."},
        subcommands = {
            SecretsCheckCommand.class,
            SecretsChecklistCommand.class,
            SecretsScriptCommand.class,
            SecretsImportCommand.class,
            SecretsSyncCommand.class,
            SecretsVerifyCommand.class,
            SecretsRunCommand.class,
        })
public final class SecretsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
