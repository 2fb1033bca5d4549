package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.RefusedPort;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Masking;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.HistoryStoreContract;
import dev.zerofail.history.JdbcHistoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The history store contract against the real PostgreSQL from scripts/services, in a fresh schema per test. */
class PostgresHistoryStoreIT extends HistoryStoreContract {
    private PgSchema pg;
    private String baseUrl;
    private String user;
    private String password;
    private String schema;

    @Override
    protected void createDatabase() {
        pg = new PgSchema("it_history");
        baseUrl = pg.baseUrl();
        user = pg.user();
        password = pg.password();
        schema = pg.name();
    }

    @Override
    protected void dropDatabase() {
        if (pg != null) {
            pg.drop();
        }
    }

    private String url() {
        return pg.url();
    }

    @Override
    protected HistoryStore open(Clock clock) {
        return JdbcHistoryStore.open(url(), user, password, clock, JdbcHistoryStore.DEFAULT_LEASE);
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    @Test
    void tablesLiveInTheGivenSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(baseUrl, user, password);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM information_schema.tables "
                        + "WHERE table_schema = ? AND table_name IN ('deployments', 'deploy_locks', 'flyway_schema_history')")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(3);
            }
        }
    }

    @Test
    void aHolderWhoseSessionDiesFreesTheLockAtOnce() throws SQLException {
        try (HistoryStore other = open(Clock.systemUTC())) {
            HistoryStore.DeployLock lost = store.lock("prod", "api", "killed-machine", Duration.ZERO);
            try (Connection c = rawConnection(); Statement st = c.createStatement()) {
                // The lock's own session, as if its machine had been powered off.
                int killed = 0;
                // The key as docs/deploy.md gives it: 64 bits of SHA-256 over schema, environment, service;
                // PostgreSQL shows a bigint advisory key as classid (high half) and objid (low half).
                long key = Long.parseUnsignedLong(Masking.fingerprint("zerofail.deploy-lock", schema, "prod", "api"), 16);
                try (ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = "
                        + "'advisory' AND granted AND objsubid = 1 AND classid::bigint = " + (key >>> 32)
                        + " AND objid::bigint = " + (key & 0xffffffffL))) {
                    while (rs.next()) {
                        killed += rs.getBoolean(1) ? 1 : 0;
                    }
                }
                assertThat(killed).isEqualTo(1);
            }
            try (HistoryStore.DeployLock mine = other.lock("prod", "api", "next-machine", Duration.ofSeconds(10))) {
                assertThat(mine.holder()).isEqualTo("next-machine");
            }
            lost.close();
        }
    }

    @Test
    void aWrongPasswordIsExitThreeWithoutThePassword() {
        String wrong = "wr0ng-" + UUID.randomUUID();
        assertThatThrownBy(() -> HistoryStore.open(url(), user, wrong))
                .isInstanceOfSatisfying(ZerofailException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(e.describe()).contains("rejected the credentials").doesNotContain(wrong);
                });
    }

    @Test
    void anUnreachableServerIsExitThree() throws Exception {
        try (RefusedPort refused = new RefusedPort()) {
            String secret = "s3cret-" + UUID.randomUUID();
            assertThatThrownBy(() -> HistoryStore.open("jdbc:postgresql://127.0.0.1:" + refused.port() + "/zerofail?password="
                    + secret, user, secret)).isInstanceOfSatisfying(ZerofailException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                        assertThat(e.describe()).contains("cannot reach the history database").doesNotContain(secret);
                    });
        }
    }
}
