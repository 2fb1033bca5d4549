package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        Duration lease = Duration.ofMillis(600);
        try (JdbcHistoryStore holder = JdbcHistoryStore.open(url(), null, null, Clock.systemUTC(), lease);
                HistoryStore.DeployLock held = holder.lock("prod", "api", "alive", Duration.ZERO)) {
            Thread.sleep(1500);
            assertThatThrownBy(() -> store.lock("prod", "api", "next", Duration.ZERO))
                    .as("renewed every 200 ms, so still held after 2.5 leases")
                    .isInstanceOf(ZerofailException.class).hasMessageContaining("held by alive");
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
