package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.SecretValidator;
import dev.zerofail.secrets.Sync;
import dev.zerofail.secrets.SyncResult;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sync", header = "Copy validated secrets from a source into a store.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy every secret of the manifest from a source into a store, after validating each value "
                + "(present where required, not a placeholder, in its format). Nothing is written when a required "
                + "secret fails, unless --allow-partial. Only differences are written (compared by fingerprint), so "
                + "a second run changes nothing. Values are never shown: the plan lists names and fingerprints.", "",
                "Store credentials come from the environment only: PULUMI_ACCESS_TOKEN (esc), GITHUB_TOKEN or "
                + "GH_TOKEN (github), DOCKER_HOST or the docker context (swarm).", "",
                "Exit 1 when a required secret is missing, a placeholder or malformed (with --allow-partial the "
                + "valid ones are still written); 2 bad input; 3 a store unreachable or a credential missing or "
                + "rejected."})
public final class SecretsSyncCommand extends ReportCommand {
    @Option(names = "--from", paramLabel = "SOURCE", description = "env (variables named PREFIX+NAME, PREFIX from "
            + "secrets.source.env-prefix), dotenv[:FILE] (FILE default: secrets.source.dotenv, else .env) or esc. "
            + "Default: env, then secrets.source.dotenv for what env lacks")
    String from;

    @Option(names = "--to", required = true, paramLabel = "STORE", description = "esc, github, swarm, dotenv or "
            + "dotenv:FILE (settings: secrets.stores in zerofail.yaml)")
    String to;

    @Option(names = "--insecure-docker", description = "allow plaintext tcp:// to a Docker daemon (the swarm store) "
            + "on another host (default: refused; TLS or a loopback address needed)")
    boolean insecureDocker;

    @Option(names = "--env", paramLabel = "ENV", description = "environment whose required secrets must be valid "
            + "(default: every secret required anywhere); replaces {env} in store settings")
    String environment;

    @Option(names = "--dry-run", description = "show the plan (added, changed, unchanged, removed) and write nothing")
    boolean dryRun;

    @Option(names = "--allow-partial", description = "write the valid values even when a required secret fails")
    boolean allowPartial;

    @Option(names = "--prune", description = "also remove secrets the store holds that the manifest does not list")
    boolean prune;

    @Override
    public Integer call() {
        SecretsSetup setup = new SecretsSetup(config, insecureDocker);
        PrintWriter err = SecretsSetup.progress(spec, output.quiet);
        String source = setup.describeSource(from);
        err.println("reading values from " + source);
        Map<String, String> values = setup.values(from, setup.manifest.secrets(), environment);
        Sync.Result result;
        Sync.Options options = new Sync.Options(environment, dryRun, allowPartial, prune);
        try (SecretStore store = setup.stores.open(to, "--to", environment, setup.context)) {
            result = Sync.run(setup.manifest.secrets(), values, store, SecretValidator.defaults(), options,
                    SecretsSetup.lines(err));
        }
        if (dev.zerofail.core.Fingerprints.keyCreated() && setup.context.env().get("CI") != null) {
            // a fresh checkout's new key matches no label an earlier run wrote: everything would read as changed
            err.println("warning: created " + dev.zerofail.core.Fingerprints.KEY_FILE + "; in CI set "
                    + dev.zerofail.core.Fingerprints.KEY_ENV + " from a CI secret so fingerprints match earlier runs");
        }
        emit(new Report("secrets sync", result.store(), SyncResult.of(result, source, to, options),
                setup.findings(result.verdicts(), environment, "set a real value where sync reads it (" + source
                        + ") and sync again"), List.of()));
        return result.blocking().isEmpty() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }
}
