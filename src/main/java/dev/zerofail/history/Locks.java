package dev.zerofail.history;

import dev.zerofail.core.ThisProcess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * How one database holds the deploy lock of an (environment, service). Both keep a row in
 * deploy_locks naming the holder; what makes it a lock differs (a lease, an advisory lock).
 */
abstract class Locks {
    /** {@code pid} and {@code host} are null in rows written before they were recorded. */
    record Holder(String owner, Instant acquiredAt, Instant leaseUntil, String token, Long pid, String host) {
    }

    /** An acquired lock; release is idempotent. */
    interface Held {
        String owner();

        void release();
    }

    /** Null when someone else holds it. */
    abstract Held tryAcquire(String environment, String service, String owner) throws SQLException;

    abstract String nextStep(Optional<Holder> holder);

    Optional<Holder> holder(Connection c, String environment, String service) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT owner, acquired_at_ms, lease_until_ms, token, pid, host "
                + "FROM deploy_locks WHERE environment = ? AND service = ?")) {
            Sql.bind(ps, environment, service);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Holder(rs.getString(1), Sql.instant(rs, "acquired_at_ms"),
                        Sql.instant(rs, "lease_until_ms"), rs.getString("token"), Sql.nullableLong(rs, "pid"), rs.getString("host")));
            }
        }
    }

    /**
     * Writes our row unless a live one is there: inserts, or takes over a row without a lease (only
     * PostgreSQL writes those, under its advisory lock) or whose lease ended before
     * {@code takeOverBefore}. One statement, so two racing writers cannot both win. The row names
     * this process (pid and host) so a later command on this host can tell when it died.
     * Returns whether the row is now ours.
     */
    static boolean claimRow(Connection c, String environment, String service, String owner, String token, long now,
            Long leaseUntil, long takeOverBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deploy_locks (environment, service, owner, token, "
                + "acquired_at_ms, lease_until_ms, pid, host) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (environment, service) "
                + "DO UPDATE SET owner = excluded.owner, token = excluded.token, acquired_at_ms = excluded.acquired_at_ms, "
                + "lease_until_ms = excluded.lease_until_ms, pid = excluded.pid, host = excluded.host "
                + "WHERE deploy_locks.lease_until_ms IS NULL OR deploy_locks.lease_until_ms < ?")) {
            Sql.bind(ps, environment, service, owner, token, now, Sql.bigint(leaseUntil), ThisProcess.pid(), ThisProcess.host(),
                    takeOverBefore);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Takes over the row of a holder known to be dead, only if it is still that holder's (its token):
     * of two processes racing for a dead holder's lock, one wins.
     */
    static boolean takeOverRow(Connection c, String environment, String service, String deadToken, String owner,
            String token, long now, Long leaseUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE deploy_locks SET owner = ?, token = ?, acquired_at_ms = ?, "
                + "lease_until_ms = ?, pid = ?, host = ? WHERE environment = ? AND service = ? AND token = ?")) {
            Sql.bind(ps, owner, token, now, Sql.bigint(leaseUntil), ThisProcess.pid(), ThisProcess.host(), environment,
                    service, deadToken);
            return ps.executeUpdate() == 1;
        }
    }

    static void deleteRow(Connection c, String environment, String service, String token) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM deploy_locks WHERE environment = ? AND service = ? "
                + "AND token = ?")) {
            Sql.bind(ps, environment, service, token);
            ps.executeUpdate();
        }
    }
}
