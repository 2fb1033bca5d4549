package dev.zerofail.it;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import dev.zerofail.stats.DeployStatsContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

/** The stats contract's hand-computed history on the real PostgreSQL, in a fresh schema per test. */
class PostgresDeployStatsIT extends DeployStatsContract {
    private String baseUrl;
    private String user;
    private String password;
    private String schema;

    @Override
    protected HistoryStore open() {
        baseUrl = Services.require("ZEROFAIL_IT_PG_URL", "PostgreSQL");
        user = Services.require("ZEROFAIL_IT_PG_USER", "PostgreSQL");
        password = Services.require("ZEROFAIL_IT_PG_PASSWORD", "PostgreSQL");
        schema = "stats_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return JdbcHistoryStore.open(url, user, password, Clock.systemUTC(), JdbcHistoryStore.DEFAULT_LEASE);
    }

    @Override
    protected void dropDatabase() throws Exception {
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(baseUrl, user, password); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
