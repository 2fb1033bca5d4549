package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.Await;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteHistoryStoreTest extends HistoryStoreContract {
    @TempDir
    Path dir;

    private String url() {
        return "jdbc:sqlite:" + dir.resolve(".zerofail/history.db");
    }

    @Override
    protected HistoryStore open(Clock clock) {
        return JdbcHistoryStore.open(url(), null, null, clock, JdbcHistoryStore.DEFAULT_LEASE);
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        return DriverManager.getConnection(url());
    }

    @Test
    void createsItsDirectoryAndUsesWriteAheadLogging() throws SQLException {
        assertThat(dir.resolve(".zerofail/history.db")).isRegularFile();
        try (Connection c = rawConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    void anExpiredLeaseIsTakenOver() {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        Duration lease = Duration.ofSeconds(30);
        try (JdbcHistoryStore crashed = JdbcHistoryStore.open(url(), null, null, fixed(now), lease);
                JdbcHistoryStore early = JdbcHistoryStore.open(url(), null, null, fixed(now.plusSeconds(29)), lease);
                JdbcHistoryStore late = JdbcHistoryStore.open(url(), null, null, fixed(now.plusSeconds(31)), lease)) {
            // The renewer of a fixed clock keeps writing the same lease end: like a holder that stopped at "now".
            HistoryStore.DeployLock stale = crashed.lock("prod", "api", "killed-process", Duration.ZERO);
            assertThatThrownBy(() -> early.lock("prod", "api", "next", Duration.ZERO))
                    .isInstanceOf(ZerofailException.class).hasMessageContaining("held by killed-process")
                    .hasMessageContaining("(no deployment recorded yet)");
            try (HistoryStore.DeployLock taken = late.lock("prod", "api", "next", Duration.ZERO)) {
                assertThat(taken.holder()).isEqualTo("next");
                stale.close();
                assertThatThrownBy(() -> early.lock("prod", "api", "third", Duration.ZERO))
                        .as("the old holder's release must not free a lock it lost")
                        .isInstanceOf(ZerofailException.class).hasMessageContaining("held by next");
            }
        }
    }

    @Test
    void theLeaseIsRenewedWhileHeld() throws Exception {
        // Lease time comes from a clock the test moves, so "later than the first lease" does not
        // depend on how fast this machine is; only the renewal itself (every 200 ms) is waited for.
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        AtomicReference<Instant> now = new AtomicReference<>(t); // the lease renewer reads it from its own thread
        java.time.Clock clock = new dev.zerofail.SuppliedClock(now::get);
        Duration lease = Duration.ofMillis(600);
        try (JdbcHistoryStore holder = JdbcHistoryStore.open(url(), null, null, clock, lease);
                JdbcHistoryStore next = JdbcHistoryStore.open(url(), null, null, clock, lease);
                HistoryStore.DeployLock held = holder.lock("prod", "api", "alive", Duration.ZERO)) {
            assertThat(leaseUntil()).isEqualTo(t.plus(lease).toEpochMilli());
            now.set(t.plusMillis(500));
            long renewed = t.plusMillis(500).plus(lease).toEpochMilli();
            Await.value("the holder to renew its lease to lease_until_ms " + renewed, Duration.ofSeconds(30),
                    this::leaseUntil, until -> until == renewed);
            now.set(t.plusMillis(1000)); // past the first lease's end, before the renewed one's
            assertThatThrownBy(() -> next.lock("prod", "api", "next", Duration.ZERO))
                    .as("renewed, so still held after the first lease ran out")
                    .isInstanceOf(ZerofailException.class).hasMessageContaining("held by alive");
        }
    }

    private long leaseUntil() throws SQLException {
        try (Connection c = rawConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT lease_until_ms FROM deploy_locks WHERE environment = 'prod' "
                        + "AND service = 'api'")) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    @Test
    void anUncreatableDirectoryIsExitThree() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertThatThrownBy(() -> HistoryStore.open("jdbc:sqlite:" + file.resolve("history.db"), null, null))
                .isInstanceOfSatisfying(ZerofailException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
    }

    @Test
    void anUnknownDatabaseIsAUsageErrorWithoutItsPassword() {
        assertThatThrownBy(() -> HistoryStore.open("jdbc:mysql://db.internal/zf?user=x&password=hunter2hunter2", null,
                null)).isInstanceOfSatisfying(ZerofailException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.describe()).doesNotContain("hunter2").contains("jdbc:mysql://db.internal/zf");
                });
    }
}
