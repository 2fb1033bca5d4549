package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.report.TextReporter;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.SecretValidator;
import dev.zerofail.secrets.Verdict;
import dev.zerofail.secrets.Verify;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
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
        List<String> text = new ArrayList<>();
        text.add("verify: " + result.store() + (environment == null ? "" : " (" + environment + ")"));
        if (!result.valuesChecked()) {
            text.add("note: this store does not return values; only names (and Swarm fingerprints) were checked");
        }
        for (Verdict v : result.verdicts()) {
            text.add("  " + (v.ok() ? "ok  " : v.blocking(environment) ? "FAIL" : "warn") + "  " + v.spec().name()
                    + (v.fingerprint() == null ? "" : "  " + v.fingerprint()) + (v.ok() && v.reason().equals("ok") ? "" : "  " + v.reason()));
        }
        List<Verdict> blocking = result.blocking();
        text.add(blocking.isEmpty() ? "all required secrets are in place" : blocking.size() + " required secret(s) fail");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(TextReporter.NARRATIVE, text);
        summary.put("store", target);
        summary.put("target", result.store());
        summary.put("valuesChecked", result.valuesChecked());
        summary.put("secrets", result.verdicts().size());
        summary.put("ok", result.verdicts().stream().filter(Verdict::ok).count());
        summary.put("failing", blocking.size());
        emit(Report.of("secrets verify", result.store(), SecretsSetup.findings(result.verdicts(), environment,
                "set a real value and run zerofail secrets sync --to " + target), summary, List.of()));
        return blocking.isEmpty() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }
}
