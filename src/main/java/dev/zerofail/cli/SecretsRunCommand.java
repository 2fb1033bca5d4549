package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.secrets.SecretRun;
import dev.zerofail.secrets.SecretSpec;
import dev.zerofail.secrets.SecretValidator;
import dev.zerofail.secrets.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", header = "Run a command with validated secrets in its environment.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start CMD only when every secret it needs is valid: resolve the secrets of --service (all "
                + "when not given) from the source, validate them all, then run CMD with them in a minimal environment (see --pass-env). "
                + "A variable ending in _FILE gets the path of an owner-only (0600) file in a private directory, "
                + "removed when CMD ends. CMD's output is passed through with secret values masked.", "",
                "Exit codes: CMD's own exit code once it started; 1 when a secret is missing, a placeholder or "
                + "malformed (CMD is not started; the list goes to standard error); 2 bad input or CMD cannot be "
                + "started; 3 the source store is unreachable or its credential missing or rejected."},
        usageHelpAutoWidth = true)
public final class SecretsRunCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: ./zerofail.yaml)")
    Path config;

    @Option(names = "--env", paramLabel = "ENV", description = "environment whose required secrets must be valid")
    String environment;

    @Option(names = "--service", paramLabel = "SERVICE", description = "only the secrets this service uses "
            + "(repeatable; default: all)")
    List<String> services = List.of();

    @Option(names = "--from", paramLabel = "SOURCE", description = "env (variables named PREFIX+NAME, PREFIX from "
            + "secrets.source.env-prefix), dotenv[:FILE] (FILE default: secrets.source.dotenv, else .env) or esc. "
            + "Default: env, then secrets.source.dotenv for what env lacks")
    String from;

    @Option(names = "--pass-env", paramLabel = "NAME", description = "also pass this variable of zerofail's own "
            + "environment to CMD (repeatable; PREFIX* for all that start with PREFIX). CMD otherwise gets only its "
            + "secrets, PATH, HOME, TZ and the locale (LANG, LANGUAGE, LC_*): no store token, no source variable")
    List<String> passEnv = List.of();

    @Option(names = {"-q", "--quiet"}, description = "no progress lines on standard error")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "the command and its arguments, after --")
    List<String> command;

    @Spec
    CommandSpec spec;

    /** CMD's output goes to the CLI's own byte streams (Main sets them; tests capture them). */
    private java.io.OutputStream out = System.out;
    private java.io.OutputStream err = System.err;

    void streams(java.io.OutputStream out, java.io.OutputStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        SecretsSetup setup = new SecretsSetup(config, false, false);
        PrintWriter log = spec.commandLine().getErr();
        List<SecretSpec> specs = setup.manifest.forServices(services);
        Map<String, String> values = setup.values(from, specs, environment);
        SecretRun.Check check = SecretRun.check(specs, values, SecretValidator.defaults(), environment);
        if (!check.blocking().isEmpty()) {
            log.println("zerofail: not starting " + command.get(0) + ": " + check.blocking().size()
                    + " secret(s) missing or invalid" + (environment == null ? "" : " for " + environment) + ":");
            for (Verdict v : check.blocking()) {
                log.println("  " + v.spec().name() + " (" + v.spec().env() + "): " + v.reason() + "  [" + v.spec().where() + "]");
            }
            log.println("fix: set real values in " + setup.describeSource(from)
                    + " (zerofail secrets verify shows what a store holds)");
            log.flush();
            return ExitCode.FINDINGS.code();
        }
        if (!quiet) {
            long ok = check.verdicts().stream().filter(Verdict::ok).count();
            log.println("zerofail: " + ok + " secret(s) valid" + (ok == specs.size() ? "" : ", " + (specs.size() - ok)
                    + " optional not set") + "; starting " + command.get(0));
            log.flush();
        }
        return SecretRun.exec(command, SecretRun.childEnvironment(setup.context.env(), passEnv), check, values,
                setup.redactor, null,
                out, err);
    }
}
