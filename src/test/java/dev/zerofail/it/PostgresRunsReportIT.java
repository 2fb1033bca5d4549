package dev.zerofail.it;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import dev.zerofail.runs.RunsReportContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;

/** The runs report's hand-computed figures on the real PostgreSQL (V5's tables, upserts, typed nulls), a fresh schema per test. */
class PostgresRunsReportIT extends RunsReportContract {
    private String baseUrl;
    private String user;
    private String password;
    private String schema;

    @Override
    protected HistoryStore open() {
        baseUrl = Services.require("ZEROFAIL_IT_PG_URL", "PostgreSQL");
        user = Services.require("ZEROFAIL_IT_PG_USER", "PostgreSQL");
        password = Services.require("ZEROFAIL_IT_PG_PASSWORD", "PostgreSQL");
        schema = "runs_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
