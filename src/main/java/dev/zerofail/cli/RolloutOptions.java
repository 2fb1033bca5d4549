package dev.zerofail.cli;

import dev.zerofail.core.Durations;
import dev.zerofail.deploy.Deployer;
import picocli.CommandLine.Option;

/** What deploy and rollback share: where, which service, how long to wait for the lock, who and why. */
final class RolloutOptions {
    @Option(names = "--insecure-docker", description = "allow plaintext tcp:// to a Docker daemon on another host "
            + "(default: refused; TLS or a loopback address needed)")
    boolean insecureDocker;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "environment from zerofail.yaml environments:")
    String environment;

    @Option(names = "--service", paramLabel = "NAME", description = "one compose service (default: all, in file order)")
    String service;

    @Option(names = "--wait", paramLabel = "DURATION", description = "wait this long for another deploy's lock (default: ${DEFAULT-VALUE}, fail at once)")
    String wait = "0s";

    @Option(names = "--actor", paramLabel = "NAME", description = "who deploys (default: $GITHUB_ACTOR, else the OS user)")
    String actor;

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
    String reason;

    @Option(names = "--pushgateway", paramLabel = "URL", description = "after the outcome, push each service's metrics "
            + "from the history store to this Prometheus Pushgateway (grouping key job=zerofail, environment, service); "
            + "a failed push is a warning")
    String pushgateway;

    Deployer.Request request(String image, String tag, boolean emergency) {
        if (pushgateway != null) {
            dev.zerofail.metrics.PushGateway.check(pushgateway);
        }
        return new Deployer.Request(service, image, tag, Durations.parse(wait, "--wait"), DeploySetup.actor(actor),
                reason, emergency);
    }
}
