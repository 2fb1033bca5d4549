package dev.zerofail.history;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code history:} section of zerofail.yaml:
 * <pre>
 * history:
 *   url: jdbc:postgresql://db.internal:5432/zerofail   # default: jdbc:sqlite:.zerofail/history.db
 *   user: zerofail
 *   password-env: ZEROFAIL_HISTORY_PASSWORD             # the variable that holds the password
 * </pre>
 * A relative SQLite path is relative to the repository root, not the working directory, so every
 * command run from anywhere in the repository sees the same history. The password itself never
 * lives in the file.
 */
public record HistoryConfig(String url, String user, String passwordEnv, String where) {
    public static final ConfigKeys KEYS = ConfigKeys.of("history", "url", "user", "password-env");

    public static HistoryConfig defaults() {
        return new HistoryConfig(HistoryStore.DEFAULT_URL, null, null, "history.url");
    }

    public static HistoryConfig from(ConfigNode section) {
        section.requireKeys(KEYS);
        HistoryConfig d = defaults();
        String url = d.url();
        String where = d.where();
        if (section.get("url").isPresent()) {
            ConfigNode n = section.get("url").get();
            url = n.string().trim();
            where = n.where();
            String lower = url.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("jdbc:sqlite:") && !lower.startsWith("jdbc:postgresql:")) {
                // Not quoted: a URL may carry credentials.
                throw n.error("expected jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DATABASE",
                        "zerofail keeps its history in SQLite (default) or PostgreSQL");
            }
            if (lower.matches(".*[?&;]password=.*") || url.matches("(?i)jdbc:postgresql://[^/@]*:[^/@]*@.*")) {
                throw n.error("the URL carries a password", "remove it and name the variable that holds it in "
                        + "history.password-env");
            }
            if (lower.startsWith("jdbc:postgresql:")) {
                requireTls(n, url);
            }
        }
        String user = section.get("user").map(n -> nonEmpty(n, "user")).orElse(null);
        String passwordEnv = null;
        if (section.get("password-env").isPresent()) {
            ConfigNode n = section.get("password-env").get();
            passwordEnv = nonEmpty(n, "password-env");
            if (!passwordEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw n.error("expected the name of an environment variable such as ZEROFAIL_HISTORY_PASSWORD",
                        "write the variable's name here, never the password itself");
            }
            // zerofail.yaml is the repository's: it must not be able to send PULUMI_ACCESS_TOKEN or
            // GITHUB_TOKEN to a database server of its choosing as a "password"
            if (!passwordEnv.startsWith("ZEROFAIL_")) {
                throw n.error("history.password-env must name a variable that starts with ZEROFAIL_, not "
                        + passwordEnv, "export the password as ZEROFAIL_HISTORY_PASSWORD (say) and name that here");
            }
        }
        return new HistoryConfig(url, user, passwordEnv, where);
    }

    /**
     * PostgreSQL on another host only over TLS: {@code sslmode=require|verify-ca|verify-full}, or
     * {@code ssl=true} (verify-full in pgjdbc). pgjdbc's default, {@code prefer}, falls back to
     * plaintext without a word. Every host of a multi-host URL counts.
     */
    static void requireTls(ConfigNode n, String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            return; // jdbc:postgresql:DATABASE is localhost
        }
        String authority = rest.substring(2).split("[/?]", 2)[0];
        boolean allLocal = true;
        for (String hostPort : authority.split(",")) {
            String host = hostPort.startsWith("[") ? hostPort.substring(0, hostPort.indexOf(']') + 1)
                    : hostPort.split(":", 2)[0];
            allLocal &= host.isEmpty() || dev.zerofail.core.Loopback.is(host);
        }
        if (allLocal) {
            return;
        }
        Map<String, String> params = new java.util.HashMap<>();
        int q = url.indexOf('?');
        if (q >= 0) {
            for (String kv : url.substring(q + 1).split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    params.put(kv.substring(0, eq).toLowerCase(Locale.ROOT), kv.substring(eq + 1).toLowerCase(Locale.ROOT));
                }
            }
        }
        String mode = params.get("sslmode");
        boolean tls = mode != null ? List.of("require", "verify-ca", "verify-full").contains(mode)
                : "true".equals(params.get("ssl"));
        if (!tls) {
            throw n.error("PostgreSQL on " + authority + " without TLS: the password and every deployment record "
                    + "would cross the network in clear", "add ?sslmode=verify-full to history.url (plaintext is "
                    + "allowed only to localhost/127.0.0.1)");
        }
    }

    private static String nonEmpty(ConfigNode n, String key) {
        String v = n.string().trim();
        if (v.isEmpty()) {
            throw n.error("history." + key + " is empty", "give a value or remove the key");
        }
        return v;
    }

    public boolean isSqlite() {
        return url.toLowerCase(Locale.ROOT).startsWith("jdbc:sqlite:");
    }

    /** The URL with a relative SQLite path made absolute against the repository root. */
    public String jdbcUrl(Path root) {
        if (!isSqlite()) {
            return url;
        }
        String file = Urls.sqliteFile(url);
        if (file == null || Path.of(file).isAbsolute()) {
            return url;
        }
        int q = url.indexOf('?');
        String query = q >= 0 ? url.substring(q) : "";
        return "jdbc:sqlite:" + root.resolve(file).toAbsolutePath().normalize() + query;
    }

    /** The SQLite file, or null for PostgreSQL and in-memory databases. */
    public Path sqliteFile(Path root) {
        if (!isSqlite()) {
            return null;
        }
        String file = Urls.sqliteFile(jdbcUrl(root));
        return file == null ? null : Path.of(file);
    }

    /** Whether there is anything to read yet: a read-only command need not create the SQLite file. */
    public boolean exists(Path root) {
        Path file = sqliteFile(root);
        return file == null ? !isSqlite() || Urls.sqliteFile(url) == null : Files.isRegularFile(file);
    }

    /** The password from the variable named by password-env; a usage error when it is named but unset. */
    public String password(Map<String, String> env) {
        if (passwordEnv == null) {
            return null;
        }
        String v = env.get(passwordEnv);
        if (v == null || v.isEmpty()) {
            throw ZerofailException.usage("history.password-env", "the environment variable " + passwordEnv
                    + " is not set", "export " + passwordEnv + " with the history database's password");
        }
        return v;
    }

    /** Opens the store this section describes (exit 3 when the database is unreachable). */
    public HistoryStore open(Path root, Map<String, String> env) {
        Path file = sqliteFile(root);
        if (file != null) {
            // a committed .zerofail -> /elsewhere symlink must not carry the history out of the repository
            dev.zerofail.core.AtomicFiles.requireInside(root, file);
        }
        return HistoryStore.open(jdbcUrl(root), user, password(env));
    }

    public String describe(Path root) {
        return Urls.redact(jdbcUrl(root));
    }
}
