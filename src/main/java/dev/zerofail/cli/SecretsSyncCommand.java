package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.report.TextReporter;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.SecretValidator;
import dev.zerofail.secrets.Sync;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
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
        try (SecretStore store = setup.stores.open(to, "--to", environment, setup.context)) {
            result = Sync.run(setup.manifest.secrets(), values, store, SecretValidator.defaults(),
                    new Sync.Options(environment, dryRun, allowPartial, prune), SecretsSetup.lines(err));
        }
        if (dev.zerofail.core.Fingerprints.keyCreated() && setup.context.env().get("CI") != null) {
            // a fresh checkout's new key matches no label an earlier run wrote: everything would read as changed
            err.println("warning: created " + dev.zerofail.core.Fingerprints.KEY_FILE + "; in CI set "
                    + dev.zerofail.core.Fingerprints.KEY_ENV + " from a CI secret so fingerprints match earlier runs");
        }
        emit(report(result, source, to, dryRun, environment));
        return result.blocking().isEmpty() ? ExitCode.OK.code() : ExitCode.FINDINGS.code();
    }

    static Report report(Sync.Result r, String from, String to, boolean dryRun, String environment) {
        List<String> text = new ArrayList<>();
        text.add((dryRun ? "plan (dry run, nothing written): " : "sync: ") + from + " → " + r.store());
        for (Sync.Item i : r.items()) {
            String label = switch (i.change()) {
                case ADDED -> "+ added    ";
                case CHANGED -> "~ changed  ";
                case UNCHANGED -> "= unchanged";
                case UNKNOWN -> "~ rewritten";
                case REMOVED -> "- removed  ";
                case SKIPPED -> "! skipped  ";
            };
            String fps = i.change() == Sync.Change.CHANGED ? i.oldFingerprint() + " → " + i.newFingerprint()
                    : i.change() == Sync.Change.REMOVED ? nz(i.oldFingerprint()) : nz(i.newFingerprint());
            text.add("  " + label + " " + i.name() + (i.key().equals(i.name()) ? "" : " (" + i.key() + ")")
                    + (fps.isEmpty() ? "" : "  " + fps) + (i.reason() == null ? "" : "  — " + i.reason()));
        }
        if (!r.blocking().isEmpty()) {
            text.add(r.written() ? r.blocking().size() + " required secret(s) failed validation; --allow-partial: the "
                    + "valid values were written" : r.blocking().size() + " required secret(s) failed validation: nothing "
                    + "was written");
        } else if (dryRun) {
            text.add(r.hasWrites() ? "run without --dry-run to apply" : "nothing to change");
        } else {
            text.add(r.hasWrites() ? "written" : "nothing to change: the store already holds these values");
        }
        if (r.count(Sync.Change.UNKNOWN) > 0) {
            text.add("note: " + r.count(Sync.Change.UNKNOWN) + " secret(s) exist in a store that never returns values "
                    + "(GitHub, or a Swarm secret not made by zerofail), so they are written every time");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(TextReporter.NARRATIVE, text);
        summary.put("source", from);
        summary.put("store", to);
        summary.put("target", r.store());
        summary.put("dryRun", dryRun);
        summary.put("written", r.written() && r.hasWrites());
        for (Sync.Change c : Sync.Change.values()) {
            summary.put(c.name().toLowerCase(java.util.Locale.ROOT), r.count(c));
        }
        summary.put("plan", r.items().stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("key", i.key());
            m.put("change", i.change().name().toLowerCase(java.util.Locale.ROOT));
            if (i.oldFingerprint() != null) {
                m.put("oldFingerprint", i.oldFingerprint());
            }
            if (i.newFingerprint() != null) {
                m.put("fingerprint", i.newFingerprint());
            }
            if (i.reason() != null) {
                m.put("reason", i.reason());
            }
            return m;
        }).toList());
        return Report.of(dryRun ? "secrets sync --dry-run" : "secrets sync", r.store(),
                SecretsSetup.findings(r.verdicts(), environment, "set a real value where sync reads it (" + from + ") and sync again"),
                summary, List.of());
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
