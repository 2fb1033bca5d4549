package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.SecretValidator;
import dev.zerofail.secrets.SecretsVerifyResult;
import dev.zerofail.secrets.Verify;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", header = "Check that a store holds every required secret.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read the secrets back from a store and check that every required one is present, not a "
                + "placeholder and well-formed. GitHub returns names only and Swarm names and fingerprints, so "
                + "there only presence is checked, and the report says so.", "",
                "Exit 1 when a required secret fails; 2 bad input; 3 the store unreachable or its credential missing "
                + "or rejected."})
public final class SecretsVerifyCommand extends ReportCommand {
    @Option(names = "--target", required = true, paramLabel = "STORE", description = "esc, github, swarm, dotenv or dotenv:FILE")
    String target;

    @Option(names = "--insecure-docker", description = "allow plaintext tcp:// to a Docker daemon (the swarm store) "
            + "on another host (default: refused; TLS or a loopback address needed)")
    boolean insecureDocker;

    @Option(names = "--env", paramLabel = "ENV", description = "environment whose required secrets are checked "
            + "(default: every secret required anywhere)")
    String environment;

    @Override
    public Integer call() {
        SecretsSetup setup = new SecretsSetup(config, insecureDocker);
        Verify.Result result;
        try (SecretStore store = setup.stores.open(target, "--target", environment, setup.context)) {
            SecretsSetup.progress(spec, output.quiet).println("reading " + store.describe());
            result = Verify.run(setup.manifest.secrets(), store, SecretValidator.defaults(), environment);
        }
        emit(new Report("secrets verify", result.store(), SecretsVerifyResult.of(result, target),
                setup.findings(result.verdicts(), environment, "set a real value and run zerofail secrets sync --to "
                        + target), List.of()));
        return result.blocking().isEmpty() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }
}
