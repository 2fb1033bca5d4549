package dev.zerofail.secrets;

import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.swarm.DockerEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code secrets.source} and {@code secrets.stores} of zerofail.yaml, and opening a store by name.
 * {@code {env}} in a store setting is replaced by the {@code --env} environment, so one block
 * serves staging and prod ({@code environment: "{env}"}, {@code file: deploy/.env.{env}}).
 */
public final class StoresConfig {
    public static final List<String> KINDS = List.of("esc", "github", "swarm", "dotenv");
    static final ConfigKeys KIND_KEYS = ConfigKeys.of("secrets.stores", KINDS);
    static final ConfigKeys SOURCE_KEYS = ConfigKeys.of("secrets.source", "env-prefix", "dotenv");
    static final ConfigKeys ESC_KEYS = ConfigKeys.of("secrets.stores.esc", "url", "org", "project", "environment");
    static final ConfigKeys GITHUB_KEYS = ConfigKeys.of("secrets.stores.github", "url", "owner", "repo", "scope",
            "environment", "visibility");
    static final ConfigKeys SWARM_KEYS = ConfigKeys.of("secrets.stores.swarm", "prefix");
    static final ConfigKeys DOTENV_KEYS = ConfigKeys.of("secrets.stores.dotenv", "file");
    static final Map<String, ConfigKeys> STORE_KEYS = Map.of("esc", ESC_KEYS, "github", GITHUB_KEYS, "swarm", SWARM_KEYS,
            "dotenv", DOTENV_KEYS);

    private final ConfigNode source;
    private final ConfigNode stores;
    private final Path root;

    private StoresConfig(ConfigNode source, ConfigNode stores, Path root) {
        this.source = source;
        this.stores = stores;
        this.root = root;
    }

    /** Reads and checks the keys of both sections (an unknown key is a usage error naming file and line). */
    public static StoresConfig from(ConfigNode secretsSection, Path root) {
        ConfigNode source = secretsSection.get("source").orElse(null);
        ConfigNode stores = secretsSection.get("stores").orElse(null);
        if (source != null) {
            source.requireKeys(SOURCE_KEYS);
        }
        if (stores != null) {
            stores.requireKeys(KIND_KEYS);
            stores.entries().forEach((k, v) -> v.requireKeys(STORE_KEYS.get(k)));
        }
        return new StoresConfig(source, stores, root);
    }

    /** The prefix of secret variables in the process environment ({@code SECRET_}); empty when unset. */
    public String envPrefix() {
        return setting(source, "env-prefix", null).orElse("");
    }

    /** The dotenv file source: {@code --from dotenv:FILE}, else {@code secrets.source.dotenv}, else {@code .env}. */
    public Path dotenvSource(String explicit) {
        String f = explicit != null ? explicit : setting(source, "dotenv", null).orElse(".env");
        return root.resolve(f).normalize();
    }

    /** {@code secrets.source.dotenv}, when set. */
    public Optional<Path> configuredDotenv() {
        return setting(source, "dotenv", null).map(f -> root.resolve(f).normalize());
    }

    /** The dependencies a store needs that tests replace. */
    public record Context(Map<String, String> env, Redactor redactor, Sleeper sleeper, Clock clock,
            Supplier<DockerEngine> docker) {
        public static Context real(Map<String, String> env, Redactor redactor) {
            Path home = Path.of(System.getProperty("user.home"));
            return new Context(env, redactor, Sleeper.REAL, Clock.systemUTC(), () -> DockerEngine.connect(env, home, false));
        }
    }

    /**
     * Opens {@code spec}: {@code esc}, {@code github}, {@code swarm}, {@code dotenv} or {@code dotenv:FILE};
     * {@code option} names the flag for messages ({@code --to}).
     */
    public SecretStore open(String spec, String option, String environment, Context ctx) {
        String kind = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
        String arg = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : null;
        if (!KINDS.contains(kind)) {
            throw ZerofailException.usage(option + " " + spec, "unknown store '" + kind + "'",
                    "use one of " + String.join(", ", KINDS) + " (dotenv:FILE for a particular file)");
        }
        ConfigNode node = stores == null ? null : stores.get(kind).orElse(null);
        return switch (kind) {
            case "esc" -> new EscStore(url(node, "https://api.pulumi.com", environment),
                    required(node, "esc", "org", environment), required(node, "esc", "project", environment),
                    required(node, "esc", "environment", environment), ctx.env(), ctx.redactor(), ctx.sleeper(), ctx.clock());
            case "github" -> github(node, environment, ctx);
            case "swarm" -> {
                DockerEngine engine = ctx.docker().get();
                try {
                    engine.ping();
                } catch (RuntimeException e) {
                    engine.close();
                    throw e;
                }
                // the secret labels live in this Swarm: so does the key they are made with
                dev.zerofail.core.Fingerprints.preferShared(root, ctx.env(), () -> dev.zerofail.swarm.SwarmKeys.fingerprintKey(engine));
                yield new SwarmSecretStore(engine, setting(node, "prefix", environment).orElse(""), true);
            }
            default -> new DotenvStore(root.resolve(arg != null && !arg.isEmpty() ? arg
                    : setting(node, "file", environment).orElseThrow(() -> ZerofailException.usage(
                            where(node, "dotenv"), "no dotenv file to write",
                            "pass --to dotenv:FILE or set secrets.stores.dotenv.file"))).normalize(), root);
        };
    }

    private SecretStore github(ConfigNode node, String environment, Context ctx) {
        String scopeText = setting(node, "scope", environment).orElse("repo");
        GithubStore.Scope scope;
        try {
            scope = GithubStore.Scope.valueOf(scopeText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ZerofailException.usage(where(node, "github") + ".scope", "unknown scope '" + scopeText + "'",
                    "use org, repo or environment");
        }
        String owner = required(node, "github", "owner", environment);
        String repo = scope == GithubStore.Scope.ORG ? null : required(node, "github", "repo", environment);
        String env = scope == GithubStore.Scope.ENVIRONMENT ? required(node, "github", "environment", environment) : null;
        return new GithubStore(url(node, "https://api.github.com", environment), owner, repo, scope, env,
                setting(node, "visibility", environment).orElse(null), ctx.env(), ctx.redactor(), ctx.sleeper(), ctx.clock());
    }

    private static URI url(ConfigNode node, String fallback, String environment) {
        String u = setting(node, "url", environment).orElse(fallback);
        try {
            URI uri = URI.create(u);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            // the token goes with every request: plaintext only to this machine (tests, a local proxy)
            if (!uri.getScheme().equalsIgnoreCase("https")
                    && !(uri.getScheme().equalsIgnoreCase("http") && dev.zerofail.core.Loopback.is(uri.getHost()))) {
                throw ZerofailException.usage(where(node), "refusing " + uri.getScheme() + "://" + uri.getHost()
                        + ": a store's url must be https (plain http only to localhost/127.0.0.1)", "write https://"
                        + uri.getHost() + (uri.getRawPath() == null ? "" : uri.getRawPath()));
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw ZerofailException.usage(where(node), "not a URL: '" + u + "'", "write https://host");
        }
    }

    private static String where(ConfigNode node) {
        return node == null ? "secrets.stores" : node.get("url").map(ConfigNode::where).orElse(node.where());
    }

    private static String required(ConfigNode node, String kind, String key, String environment) {
        return setting(node, key, environment).orElseThrow(() -> ZerofailException.usage(where(node, kind),
                "secrets.stores." + kind + "." + key + " is not set", "add it to zerofail.yaml"));
    }

    private static String where(ConfigNode node, String kind) {
        return node == null ? "zerofail.yaml secrets.stores." + kind : node.where();
    }

    private static Optional<String> setting(ConfigNode node, String key, String environment) {
        if (node == null) {
            return Optional.empty();
        }
        Optional<ConfigNode> v = node.get(key);
        if (v.isEmpty() || v.get().isNull()) {
            return Optional.empty();
        }
        String s = v.get().string();
        if (s.contains("{env}")) {
            if (environment == null) {
                throw new ZerofailException(ExitCode.USAGE, v.get().where(), "uses {env} but no environment was given",
                        "pass --env NAME");
            }
            s = s.replace("{env}", environment);
        }
        return Optional.of(s);
    }
}
