package dev.zerofail.it;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

/** A fresh schema on the PostgreSQL of scripts/services, so each test starts from an empty store; drop() removes it. */
final class PgSchema {
    private final String baseUrl = Services.require("ZEROFAIL_IT_PG_URL", "PostgreSQL");
    private final String user = Services.require("ZEROFAIL_IT_PG_USER", "PostgreSQL");
    private final String password = Services.require("ZEROFAIL_IT_PG_PASSWORD", "PostgreSQL");
    private final String name;

    PgSchema(String prefix) {
        name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + name);
    }

    String url() {
        return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    String name() {
        return name;
    }

    /** The database URL without the schema: a connection that sees every schema. */
    String baseUrl() {
        return baseUrl;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    HistoryStore open(Clock clock) {
        return JdbcHistoryStore.open(url(), user, password, clock, JdbcHistoryStore.DEFAULT_LEASE);
    }

    void drop() {
        execute("DROP SCHEMA " + name + " CASCADE");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
