package dev.zerofail.cli;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Severity;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.Redactor;
import dev.zerofail.secrets.SecretSpec;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.SecretValues;
import dev.zerofail.secrets.StoresConfig;
import dev.zerofail.secrets.Verdict;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What sync, verify and run share: the config, the manifest, the stores, the source values, findings. */
final class SecretsSetup {
    /** Tests replace the environment and the store dependencies; the CLI uses the real ones. */
    static java.util.function.Function<Redactor, StoresConfig.Context> contexts =
            r -> StoresConfig.Context.real(System.getenv(), r);

    final Path root;
    final Manifest manifest;
    final StoresConfig stores;
    final StoresConfig.Context context;
    final Redactor redactor = new Redactor();

    SecretsSetup(Path config) {
        this(config, false, true);
    }

    SecretsSetup(Path config, boolean insecureDocker) {
        this(config, insecureDocker, true);
    }

    SecretsSetup(Path config, boolean insecureDocker, boolean repositoryKey) {
        Path file = config == null ? null : config.toAbsolutePath().normalize();
        this.root = file == null ? Path.of("").toAbsolutePath() : file.getParent();
        ZerofailConfig cfg = ZerofailConfig.load(root, file);
        this.manifest = Manifest.load(cfg, root);
        this.stores = StoresConfig.from(cfg.section("secrets"), root);
        StoresConfig.Context ctx = contexts.apply(redactor);
        this.context = !insecureDocker ? ctx : new StoresConfig.Context(ctx.env(), ctx.redactor(), ctx.sleeper(), ctx.clock(),
                () -> dev.zerofail.swarm.DockerEngine.connect(ctx.env(), Path.of(System.getProperty("user.home")), true));
        // the fingerprints sync and verify print and compare (Swarm labels) are keyed for this
        // repository; run shows none, so it keeps the process's own key and writes no key file
        // (its working directory may be read-only, in a container)
        if (repositoryKey) {
            dev.zerofail.core.Fingerprints.useRepository(root, context.env());
        }
        // a server may quote any credential or value it saw; scrub all of them from every message
        for (String v : List.of("PULUMI_ACCESS_TOKEN", "GITHUB_TOKEN", "GH_TOKEN")) {
            redactor.add(context.env().get(v));
        }
        if (!stores.envPrefix().isEmpty()) {
            context.env().forEach((k, v) -> {
                if (k.startsWith(stores.envPrefix())) {
                    redactor.add(v);
                }
            });
        }
        if (manifest.secrets().isEmpty()) {
            throw ZerofailException.usage(cfg.file().map(Path::toString).orElse(root.resolve(ZerofailConfig.FILE_NAME)
                    .toString()) + " secrets.manifest", "no secrets manifest",
                    "add secrets.manifest to zerofail.yaml (zerofail secrets import can start one)");
        }
    }

    /** For messages: what the values were read from. */
    String describeSource(String from) {
        if (from != null) {
            return from;
        }
        return stores.configuredDotenv().map(f -> "env (" + (stores.envPrefix().isEmpty() ? "no prefix" : "prefix "
                + stores.envPrefix()) + "), then " + root.relativize(f)).orElse("env" + (stores.envPrefix().isEmpty() ? ""
                : " (prefix " + stores.envPrefix() + ")"));
    }

    /**
     * Values for {@code specs} from {@code from}: {@code env}, {@code dotenv[:FILE]}, or a store that
     * returns values ({@code esc}, {@code dotenv}); null: the environment, then the configured dotenv
     * file for what the environment lacks. Every value is registered for scrubbing.
     */
    Map<String, String> values(String from, List<SecretSpec> specs, String environment) {
        if (from == null) {
            Map<String, String> values = new java.util.LinkedHashMap<>();
            stores.configuredDotenv().filter(java.nio.file.Files::exists)
                    .ifPresent(f -> values.putAll(SecretValues.fromDotenv(f, specs)));
            values.putAll(SecretValues.fromEnvironment(context.env(), stores.envPrefix(), specs));
            redactor.addAll(values.values());
            return values;
        }
        String kind = from.contains(":") ? from.substring(0, from.indexOf(':')) : from;
        Map<String, String> values;
        if (kind.equals("env")) {
            values = SecretValues.fromEnvironment(context.env(), stores.envPrefix(), specs);
        } else if (kind.equals("dotenv")) {
            values = SecretValues.fromDotenv(stores.dotenvSource(from.contains(":") ? from.substring(from.indexOf(':') + 1)
                    : null), specs);
        } else {
            try (SecretStore store = stores.open(from, "--from", environment, context)) {
                values = SecretValues.fromStore(store, specs);
            }
        }
        redactor.addAll(values.values());
        return values;
    }

    static PrintWriter progress(picocli.CommandLine.Model.CommandSpec spec, boolean quiet) {
        return quiet ? new PrintWriter(java.io.Writer.nullWriter()) : spec.commandLine().getErr();
    }

    static SecretStore.Progress lines(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    /**
     * One finding per verdict that is not OK: blocking ones high, the rest (optional) low; the manifest's
     * file relative to the repository root, like every other report's paths.
     */
    List<Finding> findings(List<Verdict> verdicts, String environment, String fix) {
        return verdicts.stream().filter(v -> !v.ok() && v.status() != Verdict.Status.OPTIONAL_MISSING).map(v -> {
            SecretSpec s = v.spec();
            return new Finding("secret-" + v.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), "secret",
                    v.blocking(environment) ? Severity.HIGH : Severity.LOW, location(s.where(), root), s.name(),
                    s.name() + ": " + v.reason(), v.masked(), v.fingerprint(), null, fix);
        }).toList();
    }

    /** {@code zerofail.yaml:42 secrets.manifest[3]} → zerofail.yaml, line 42. */
    static Location location(String where, Path root) {
        if (where == null || where.isBlank()) {
            return new Location("zerofail.yaml", 0, 0);
        }
        String head = where.split(" ", 2)[0];
        int colon = head.lastIndexOf(':');
        if (colon > 0) {
            try {
                return new Location(relative(head.substring(0, colon), root), Integer.parseInt(head.substring(colon + 1)), 0);
            } catch (NumberFormatException e) {
                // not file:line
            }
        }
        return new Location(relative(head, root), 0, 0);
    }

    private static String relative(String file, Path root) {
        Path p = Path.of(file);
        return p.isAbsolute() && root != null && p.normalize().startsWith(root) ? root.relativize(p.normalize()).toString() : file;
    }
}
