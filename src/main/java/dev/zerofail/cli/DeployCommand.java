package dev.zerofail.cli;

import dev.zerofail.core.ZerofailException;
import dev.zerofail.core.Report;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.Deployer;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "deploy", header = "Deploy to Swarm behind health gates, with rollback.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Deploy an environment's stack (or one service) to Docker Swarm, judged by zerofail: pre-flight "
                + "gates (freeze window, pinned image, required secrets in Swarm, the deploy lock), then one replica (or "
                + "parallelism) at a time with Swarm set to pause at a failure, every new task held to the health gate "
                + "(container healthcheck, HTTP checks, Prometheus queries). At the first failure zerofail rolls back to the "
                + "last good spec it recorded and waits until that is healthy again. Unchanged services are recorded no-ops.",
                "", "--drill: a rollback drill. Each chosen service's current Swarm spec is deployed with its healthcheck "
                + "replaced by 'exit 1' (added when it has none), under the lock, and zerofail must detect it and restore what "
                + "ran before; recorded as a drill with its detection and restore times, never counted as a deploy. "
                + "Environments named prod*, prd or live need --allow-production.",
                "", "Exit 0 verified success (or nothing to change; a drill: detected and restored); 1 a pre-flight gate "
                + "stopped it (a drill: the service was not healthy, or the failing variant went undetected and was restored); "
                + "3 Docker, the history database or the lock unavailable; 4 failed and rolled back, the old version healthy; "
                + "5 the rollback failed."})
public final class DeployCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RolloutOptions rollout = new RolloutOptions();

    @Option(names = "--image", paramLabel = "IMAGE", description = "deploy this image instead of the compose file's (needs --service)")
    String image;

    @Option(names = "--tag", paramLabel = "TAG", description = "replace the tag of each service's image")
    String tag;

    @Option(names = "--emergency", description = "hot-fix path: skip the skippable pre-flight gates (freeze, image, secrets); "
            + "never the lock or the rollback; needs --confirm DEPLOY and is recorded as an emergency")
    boolean emergency;

    @Option(names = "--confirm", paramLabel = "WORD", description = "DEPLOY, to confirm --emergency")
    String confirm;

    @Option(names = "--commit", paramLabel = "SHA", description = "the commit being deployed, for change lead time "
            + "(default: $GITHUB_SHA); its time is read from the repository when it has the commit")
    String commit;

    @Option(names = "--drill", description = "a rollback drill: deploy a failing variant of what runs now and prove "
            + "zerofail detects it and restores the old version (no --image, --tag or --emergency)")
    boolean drill;

    @Option(names = "--allow-production", description = "let --drill run on an environment named prod*, prd or live")
    boolean allowProduction;

    @Override
    public Integer call() {
        if (drill && (image != null || tag != null || emergency)) {
            throw ZerofailException.usage("--drill", "a drill deploys a variant of what runs now, not another image, "
                    + "and never as an emergency", "drop --image, --tag and --emergency");
        }
        if (allowProduction && !drill) {
            throw ZerofailException.usage("--allow-production", "--allow-production only applies to --drill", "add --drill or drop it");
        }
        if (image != null && tag != null) {
            throw ZerofailException.usage("--image/--tag", "--image and --tag both name the image", "pass one of them");
        }
        if (emergency && !"DEPLOY".equals(confirm)) {
            throw ZerofailException.usage("--emergency", "an emergency deploy needs --confirm DEPLOY",
                    "add --confirm DEPLOY (it skips the freeze, image and secret gates and is recorded as an emergency)");
        }
        Deployer.Request req = rollout.request(image, tag, emergency);
        String sha = Commits.sha(commit, System.getenv());
        try (DeploySetup setup = new DeploySetup(config, rollout.environment, spec.commandLine().getErr(), output.quiet,
                rollout.insecureDocker)) {
            if (sha != null) {
                req = req.withCommit(sha, Commits.time(setup.root, sha));
            }
            DeployOutcome outcome = drill ? new Deployer(setup.ctx).drill(req, allowProduction) : new Deployer(setup.ctx).deploy(req);
            emit(new Report("deploy", setup.root.toString(), outcome, List.of(),
                    Pushes.push(rollout.pushgateway, setup, outcome)));
            return outcome.exitCode().code();
        }
    }
}
