package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.secrets.Formats;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.SetupScript;
import dev.zerofail.secrets.StoreHints;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "script", header = "Print a script that sets every secret in GitHub or Pulumi ESC.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a bash script that sets every secret of the manifest with 'gh secret set' (GitHub "
                + "Actions) or 'esc env set --secret' (Pulumi ESC). The script reads each value from a file or a "
                + "hidden prompt, skips empty input, checks the format before setting, and is safe to re-run. It "
                + "contains no value: review it, then run it."})
public final class SecretsScriptCommand implements Callable<Integer> {
    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--target", required = true, paramLabel = "github|esc", description = "where the secrets go")
    String target;

    @Option(names = "--env", paramLabel = "ENV",
            description = "environment: GitHub environment secrets (with a repository) or the ESC environment; "
                    + "required/optional follow it")
    String environment;

    @Option(names = "--org", paramLabel = "ORG", description = "GitHub organisation secrets, or the ESC organisation")
    String org;

    @Option(names = "--repo", paramLabel = "OWNER/REPO", description = "GitHub repository (default: secrets.stores.github, else gh's current repository)")
    String repo;

    @Option(names = "--project", paramLabel = "PROJECT", description = "ESC project (default: secrets.stores.esc.project, else 'default')")
    String project;

    @Option(names = "--config", paramLabel = "FILE", description = "configuration file (default: DIR/zerofail.yaml when present)")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write the script to FILE (atomically, executable) instead of standard output")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SetupScript.Target t = switch (target.toLowerCase(Locale.ROOT)) {
            case "github" -> SetupScript.Target.GITHUB;
            case "esc" -> SetupScript.Target.ESC;
            default -> throw ZerofailException.usage("--target", "unknown target '" + target + "'", "use github or esc");
        };
        if (repo != null && !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw ZerofailException.usage("--repo", "expected OWNER/REPO, got '" + repo + "'", "write e.g. acme/platform");
        }
        Path root = repository.root();
        ZerofailConfig cfg = ZerofailConfig.load(root, config);
        Manifest manifest = Manifest.load(cfg, root).requirePresent(root);
        StoreHints hints = StoreHints.from(cfg);
        SetupScript.Destination to;
        if (t == SetupScript.Target.GITHUB) {
            String r = repo;
            String o = org;
            if (r == null && o == null && hints.githubOwner() != null) {
                if ("org".equals(hints.githubScope())) {
                    o = hints.githubOwner();
                } else if (hints.githubRepo() != null) {
                    r = hints.githubOwner() + "/" + hints.githubRepo();
                }
            }
            if (o != null && environment != null && org != null) {
                throw ZerofailException.usage("--env", "GitHub environments belong to a repository, not an organisation",
                        "use --repo OWNER/REPO --env " + environment + ", or --org without --env");
            }
            to = new SetupScript.Destination(t, o, r, o == null ? environment : null, null);
        } else {
            String o = org != null ? org : hints.escOrg();
            String p = project != null ? project : hints.escProject() != null ? hints.escProject() : "default";
            String e = environment != null ? environment : hints.escEnvironment();
            if (o == null || e == null) {
                throw ZerofailException.usage(o == null ? "--org" : "--env", "the ESC " + (o == null ? "organisation" : "environment")
                        + " is not known", "pass --org ORG --env ENV (or set secrets.stores.esc in zerofail.yaml)");
            }
            for (String part : new String[] {o, p, e}) {
                if (!part.matches("[A-Za-z0-9_.-]+")) {
                    throw ZerofailException.usage("--org/--project/--env", "'" + part + "' is not a valid ESC name",
                            "use letters, digits, '-', '_' and '.'");
                }
            }
            to = new SetupScript.Destination(t, null, null, null, o + "/" + p + "/" + e);
        }
        String text = SetupScript.render(manifest, to, environment, Formats.of(RuleSet.load(cfg.section("scan"))),
                root.getFileName().toString());
        TextOutput.write(output, text, spec.commandLine().getOut());
        if (output != null) {
            try {
                java.nio.file.Files.setPosixFilePermissions(output,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException | java.io.IOException ignored) {
                // not a POSIX file system: run it with 'bash FILE'
            }
        }
        return ExitCode.OK.code();
    }
}
