package dev.zerofail.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Opens the pool and migrates the schema; turns "cannot connect" into exit 3 without the password. */
final class Database {
    /** The highest V&lt;n&gt;__ migration in db/migration; DatabaseTest keeps the two in step. */
    static final int SCHEMA_VERSION = 7;

    private Database() {
    }

    /**
     * Whether every migration up to {@link #SCHEMA_VERSION} is already applied. Flyway scans the
     * classpath and validates checksums (about half a second of a command's start-up); a database
     * that is up to date, which is every run but the first after an upgrade, skips it.
     */
    static boolean upToDate(DataSource ds) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = "
                        + (c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("sqlite")
                                ? "1" : "true") + " AND version IS NOT NULL")) {
            java.util.Set<String> applied = new java.util.HashSet<>();
            while (rs.next()) {
                applied.add(rs.getString(1));
            }
            for (int v = 1; v <= SCHEMA_VERSION; v++) {
                if (!applied.contains(String.valueOf(v))) {
                    return false;
                }
            }
            return true;
        } catch (SQLException e) {
            return false; // no history table yet: a new database, Flyway creates it
        }
    }

    static HikariDataSource open(String url, String user, String password, Dialect dialect) {
        if (dialect == Dialect.SQLITE) {
            createParent(url);
            SqliteNative.useCachedLibrary();
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setPoolName("zerofail-history");
        if (user != null && !user.isEmpty()) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        // A CLI run needs few connections; the PostgreSQL deploy lock uses its own, outside the pool.
        cfg.setMaximumPoolSize(dialect == Dialect.SQLITE ? 4 : 3);
        cfg.setMinimumIdle(1);
        cfg.setConnectionTimeout(10_000);
        if (dialect == Dialect.SQLITE) {
            // WAL: readers (status, history) never block the deploy that writes; the busy timeout makes
            // two writers (two deploys of different services) wait for each other instead of failing.
            cfg.addDataSourceProperty("journal_mode", "WAL");
            cfg.addDataSourceProperty("busy_timeout", "10000");
            cfg.addDataSourceProperty("foreign_keys", "true");
        } else {
            cfg.addDataSourceProperty("connectTimeout", "10");
            cfg.addDataSourceProperty("ApplicationName", "zerofail");
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(cfg);
        } catch (RuntimeException e) {
            throw unavailable(url, password, e);
        }
        if (upToDate(ds)) {
            return ds;
        }
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("id_column", dialect.idColumn))
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, Urls.redact(url),
                    "cannot bring the history schema up to date: " + scrub(e.getMessage(), password),
                    "check that the user may create tables in this database (or schema)", e);
        }
        return ds;
    }

    static ZerofailException unavailable(String url, String password, Throwable e) {
        SQLException sql = sqlCause(e);
        String state = sql == null ? null : sql.getSQLState();
        boolean credentials = state != null && state.startsWith("28");
        String problem = credentials
                ? "the history database rejected the credentials"
                : "cannot reach the history database";
        String detail = sql != null ? sql.getMessage() : e.getMessage();
        if (detail != null) {
            problem += ": " + scrub(detail, password);
        }
        String next = credentials
                ? "check history.user and the variable named by history.password-env"
                : "check history.url and that the database server is running";
        return new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, Urls.redact(url), problem, next, e);
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static final String HOLE = "\uE000";
    private static final java.util.regex.Pattern PASSWORD_PARAM = java.util.regex.Pattern.compile("(?i)(password=)(?!…)([^&\\s]+)");

    /**
     * Drivers do not quote passwords in their messages, but a URL they quote may carry one: the
     * password is masked ({@link dev.zerofail.core.Masking#mask}), so is any {@code password=} value,
     * and user information in a URL is dropped first.
     */
    static String scrub(String message, String password) {
        if (message == null) {
            return "";
        }
        // the password first (it may hold an @), then user information, then the mask in the password's place
        boolean known = password != null && !password.isEmpty();
        String m = (known ? message.replace(password, HOLE) : message).replaceAll("//[^/@\\s]*@", "//");
        if (known) {
            m = m.replace(HOLE, dev.zerofail.core.Masking.mask(password));
        }
        java.util.regex.Matcher p = PASSWORD_PARAM.matcher(m);
        StringBuilder sb = new StringBuilder();
        while (p.find()) {
            p.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(p.group(1) + dev.zerofail.core.Masking.mask(p.group(2))));
        }
        p.appendTail(sb);
        return sb.toString();
    }

    /**
     * The history holds specs, actors and error texts: owner-only, not the umask's 0644. An empty
     * file is a valid new SQLite database, and SQLite gives its -wal and -shm files the mode of
     * the database file.
     */
    static void ownerOnly(Path db) throws IOException {
        java.util.Set<java.nio.file.attribute.PosixFilePermission> rw =
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try {
            if (!Files.exists(db)) {
                try {
                    Files.createFile(db, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(rw));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another command created it first
                }
            }
            for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
                Path p = db.resolveSibling(db.getFileName() + suffix);
                try {
                    if (Files.isRegularFile(p) && !Files.getPosixFilePermissions(p).equals(rw)) {
                        Files.setPosixFilePermissions(p, rw);
                    }
                } catch (IOException notOurs) {
                    // another user's file: reading it is still allowed
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // nothing to tighten
        }
    }

    private static void createParent(String url) {
        String file = Urls.sqliteFile(url);
        if (file == null) {
            return;
        }
        Path db = Path.of(file).toAbsolutePath();
        Path parent = db.getParent();
        try {
            Files.createDirectories(parent);
            ownerOnly(db);
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, parent.toString(),
                    "cannot create the history directory: " + e.getClass().getSimpleName(),
                    "check permissions, or set history.url in zerofail.yaml");
        }
    }
}
