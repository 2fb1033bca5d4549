package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.VerifyResult;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", header = "Run the health gates against what runs now.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every health gate against what runs now, without deploying: the container healthcheck, the "
                + "HTTP checks per replica, the Prometheus queries. Nothing is recorded.", "",
                "Exit 0 all pass; 1 a gate failed (which gate, which replica, why); 3 Docker unavailable."})
public final class VerifyCommand extends ReportCommand {
    @Option(names = "--insecure-docker", description = "allow plaintext tcp:// to a Docker daemon on another host "
            + "(default: refused; TLS or a loopback address needed)")
    boolean insecureDocker;

    @Option(names = "--env", required = true, paramLabel = "ENV", description = "environment from zerofail.yaml environments:")
    String environment;

    @Option(names = "--service", paramLabel = "NAME", description = "one compose service (default: all)")
    String service;

    @Override
    public Integer call() {
        try (DeploySetup setup = new DeploySetup(config, environment, spec.commandLine().getErr(), output.quiet,
                insecureDocker)) {
            VerifyResult result = VerifyResult.of(environment, service, new Inspector(setup.ctx).verify(service));
            emit(new Report("verify", setup.root.toString(), result, List.of(), List.of()));
            return result.passed() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
        }
    }
}
