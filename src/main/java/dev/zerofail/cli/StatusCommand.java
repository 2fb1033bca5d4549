package dev.zerofail.cli;

import dev.zerofail.core.Report;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", header = "Show an environment's services and their last deploy.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Each service of an environment: its image, desired and running replicas, how many are healthy, the "
                + "last deploy and its outcome, and any deploy in progress. A deploy left RUNNING by a process that died is "
                + "recovered first (completed or rolled back).", "",
                "Exit 0; 3 Docker or the history database unavailable; 5 a recovery's rollback failed."})
public final class StatusCommand extends ReportCommand {
    @Option(names = "--insecure-docker", description = "allow plaintext tcp:// to a Docker daemon on another host "
            + "(default: refused; TLS or a loopback address needed)")
    boolean insecureDocker;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "environment from zerofail.yaml environments:")
    String environment;

    @Option(names = "--watch", description = "repeat every 2 seconds until interrupted")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        try (DeploySetup setup = new DeploySetup(config, environment, spec.commandLine().getErr(), output.quiet,
                insecureDocker)) {
            Inspector inspector = new Inspector(setup.ctx);
            // recovery first (a dead deploy's RUNNING row is finished), once; the exit code is its
            List<dev.zerofail.deploy.DeployOutcome.ServiceOutcome> recovered = inspector.recover();
            StatusResult first = new StatusResult(environment, inspector.status(), recovered);
            StatusResult shown = first;
            while (true) {
                emit(new Report("status", setup.root.toString(), shown, List.of(), List.of()));
                if (!watch) {
                    return first.exitCode().code();
                }
                Thread.sleep(2000);
                shown = new StatusResult(environment, inspector.status(), List.of());
            }
        }
    }
}
