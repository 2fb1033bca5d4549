package dev.zerofail.cli;

import dev.zerofail.core.Report;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.Deployer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", header = "Put back a spec recorded as successful.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Put back a spec zerofail recorded as successful, through the same gates, lock and record as a "
                + "deploy (recorded as a rollback). --to previous (default) is the newest success that differs from what "
                + "runs now; a deployment id or an image tag picks one.",
                "", "Exit 0 verified; 1 a pre-flight gate stopped it; 2 no such deployment; 3 Docker, the database or the lock "
                + "unavailable; 4 it failed and the version before it is healthy again; 5 that failed too."})
public final class RollbackCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RolloutOptions rollout = new RolloutOptions();

    @Option(names = "--to", paramLabel = "previous|ID|TAG", description = "what to roll back to (default: ${DEFAULT-VALUE})")
    String to = "previous";

    @Override
    public Integer call() {
        Deployer.Request req = rollout.request(null, null, false);
        try (DeploySetup setup = new DeploySetup(config, rollout.environment, spec.commandLine().getErr(), output.quiet,
                rollout.insecureDocker)) {
            DeployOutcome outcome = new Deployer(setup.ctx).rollback(rollout.service, to, req);
            emit(new Report(outcome.command(), setup.root.toString(), outcome, List.of(),
                    Pushes.push(rollout.pushgateway, setup, outcome)));
            return outcome.exitCode().code();
        }
    }
}
