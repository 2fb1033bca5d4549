package dev.zerofail.cli;

import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.Deployer;
import dev.zerofail.deploy.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Put back a spec zerofail recorded as successful, through the same gates, lock and record as a "
                + "deploy (recorded as a rollback). --to previous (default) is the newest success that differs from what "
                + "runs now; a deployment id or an image tag picks one.",
                "", "Exit 0 verified; 1 a pre-flight gate stopped it; 2 no such deployment; 3 Docker, the database or the lock "
                + "unavailable; 4 it failed and the version before it is healthy again; 5 that failed too."})
public final class RollbackCommand extends ReportCommand {
    @Option(names = "--env", required = true, paramLabel = "ENV", description = "environment from zerofail.yaml environments:")
    String environment;

    @Option(names = "--service", paramLabel = "NAME", description = "one compose service (default: all)")
    String service;

    @Option(names = "--to", paramLabel = "previous|ID|TAG", description = "what to roll back to (default: ${DEFAULT-VALUE})")
    String to = "previous";

    @Option(names = "--wait", paramLabel = "DURATION", description = "wait this long for another deploy's lock (default: ${DEFAULT-VALUE})")
    String wait = "0s";

    @Option(names = "--actor", paramLabel = "NAME", description = "who (default: $GITHUB_ACTOR, else the OS user)")
    String actor;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
    String reason;

    @Override
    public Integer call() {
        Deployer.Request req = new Deployer.Request(service, null, null, Durations.parse(wait, "--wait"), DeploySetup.actor(actor),
                reason, false);
        try (DeploySetup setup = new DeploySetup(config, environment, spec.commandLine().getErr(), output.quiet)) {
            DeployOutcome outcome = new Deployer(setup.ctx).rollback(service, to, req);
            emit(DeployReports.outcome(outcome, setup.root.toString()));
            return outcome.exitCode();
        }
    }
}
