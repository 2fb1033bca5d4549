package dev.zerofail.server;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code serve:} section of zerofail.yaml:
 * <pre>
 * serve:
 *   bind: 127.0.0.1            # default; --bind overrides
 *   port: 8080                 # default; --port overrides
 *   anonymous: [healthz]       # endpoints open without a token: healthz (and readyz), metrics
 *   auth-failures-per-minute: 10
 *   tokens:                    # from zerofail serve hash-token
 *     - name: ci
 *       role: deployer         # viewer | deployer | admin
 *       hash: pbkdf2-sha256$600000$…$…
 *   tokens-file: /etc/zerofail/tokens.yaml   # more tokens, same shape under tokens:, kept out of git
 * </pre>
 */
public record ServeConfig(String bind, int port, List<ApiToken> tokens, Set<String> anonymous, int authFailuresPerMinute) {
    public static final ConfigKeys KEYS = ConfigKeys.of("serve", "bind", "port", "anonymous", "auth-failures-per-minute",
            "tokens", "tokens-file");
    public static final List<String> ANONYMOUS = List.of("healthz", "metrics");
    private static final ConfigKeys TOKEN_KEYS = ConfigKeys.of("serve.tokens[]", "name", "role", "hash");
    /** The file serve.tokens-file names holds more tokens: the tokens key alone, each token as in serve.tokens. */
    private static final ConfigKeys TOKENS_FILE_KEYS = ConfigKeys.in("tokens file", "", "tokens");

    public ServeConfig {
        tokens = List.copyOf(tokens);
        anonymous = Set.copyOf(anonymous);
    }

    public static ServeConfig defaults() {
        return new ServeConfig("127.0.0.1", 8080, List.of(), Set.of(), 10);
    }

    public boolean anonymous(String endpoint) {
        return anonymous.contains(endpoint);
    }

    public ServeConfig withTokens(List<ApiToken> t) {
        return new ServeConfig(bind, port, t, anonymous, authFailuresPerMinute);
    }

    public static ServeConfig from(ConfigNode section, Path root) {
        section.requireKeys(KEYS);
        ServeConfig d = defaults();
        String bind = section.get("bind").map(ConfigNode::string).map(String::trim).orElse(d.bind());
        int port = d.port();
        if (section.get("port").isPresent()) {
            ConfigNode n = section.get("port").get();
            long p = n.longValue();
            if (p < 0 || p > 65535) {
                throw n.error("expected a port from 0 to 65535, got " + p, "write a port such as 8080 (0 picks a free one)");
            }
            port = (int) p;
        }
        Set<String> anonymous = new HashSet<>();
        if (section.get("anonymous").isPresent()) {
            for (ConfigNode n : section.get("anonymous").get().items()) {
                if (!ANONYMOUS.contains(n.string())) {
                    throw n.error("expected one of " + ANONYMOUS + ", got '" + n.string() + "'",
                            "only health checks and metrics scrapes can be opened to requests without a token");
                }
                anonymous.add(n.string());
            }
        }
        int failures = d.authFailuresPerMinute();
        if (section.get("auth-failures-per-minute").isPresent()) {
            ConfigNode n = section.get("auth-failures-per-minute").get();
            long v = n.longValue();
            if (v < 1 || v > 10_000) {
                throw n.error("expected a number from 1 to 10000, got " + v, "write how many failed logins a client "
                        + "address may make per minute before it gets 429, such as 10");
            }
            failures = (int) v;
        }
        List<ApiToken> tokens = new ArrayList<>(tokens(section));
        if (section.get("tokens-file").isPresent()) {
            ConfigNode n = section.get("tokens-file").get();
            Path file = root.resolve(n.string().trim()).normalize();
            if (!Files.isRegularFile(file)) {
                throw n.error("no such file: " + file, "create it with a tokens: list (zerofail serve hash-token prints "
                        + "the lines) or remove serve.tokens-file");
            }
            ConfigNode other = ConfigNode.load(file);
            other.requireKeys(TOKENS_FILE_KEYS);
            tokens.addAll(tokens(other));
        }
        Set<String> names = new HashSet<>();
        for (ApiToken t : tokens) {
            if (!names.add(t.name())) {
                throw ZerofailException.usage("serve.tokens", "the name '" + t.name() + "' is used twice",
                        "give each token its own name (the audit log records it)");
            }
        }
        return new ServeConfig(bind, port, tokens, anonymous, failures);
    }

    private static List<ApiToken> tokens(ConfigNode section) {
        List<ApiToken> out = new ArrayList<>();
        if (section.get("tokens").isEmpty()) {
            return out;
        }
        for (ConfigNode item : section.get("tokens").get().items()) {
            item.requireKeys(TOKEN_KEYS);
            ConfigNode nameNode = item.get("name").orElseThrow(() -> item.error("a token needs a name",
                    "add name: (what the audit log records for requests with it)"));
            String name = nameNode.string().trim();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw nameNode.error("expected a name of letters, digits, '.', '_' or '-'", "write a name such as ci-deployer");
            }
            ConfigNode roleNode = item.get("role").orElseThrow(() -> item.error("token '" + name + "' needs a role",
                    "add role: viewer, deployer or admin"));
            Role role = Role.parse(roleNode.string().trim());
            if (role == null) {
                throw roleNode.error("expected viewer, deployer or admin, got '" + roleNode.string() + "'",
                        "write one of viewer, deployer, admin");
            }
            ConfigNode hashNode = item.get("hash").orElseThrow(() -> item.error("token '" + name + "' needs a hash",
                    "run zerofail serve hash-token and paste its hash: line"));
            // never quoted: whoever pasted the token itself here must not see it again in an error
            TokenHash hash = TokenHash.parse(hashNode.string());
            if (hash == null) {
                throw hashNode.error("token '" + name + "': expected " + TokenHash.PREFIX + "$ITERATIONS$SALT$HASH",
                        "never write the token itself here; run zerofail serve hash-token and paste its hash: line");
            }
            if (hash.iterations() < TokenHash.MIN_ITERATIONS) {
                throw hashNode.error("token '" + name + "': " + hash.iterations() + " iterations is too few (at least "
                        + TokenHash.MIN_ITERATIONS + ")", "hash the token again with zerofail serve hash-token");
            }
            out.add(new ApiToken(name, role, hash));
        }
        return out;
    }
}
