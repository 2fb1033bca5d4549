package dev.zerofail.history;

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
    record Holder(String owner, Instant acquiredAt, Instant leaseUntil) {
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
        try (PreparedStatement ps = c.prepareStatement("SELECT owner, acquired_at_ms, lease_until_ms FROM deploy_locks "
                + "WHERE environment = ? AND service = ?")) {
            Sql.bind(ps, environment, service);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Holder(rs.getString(1), Sql.instant(rs, "acquired_at_ms"),
                                Sql.instant(rs, "lease_until_ms")))
                        : Optional.empty();
            }
        }
    }

    /**
     * Writes our row unless a live one is there: inserts, or takes over a row without a lease (only
     * PostgreSQL writes those, under its advisory lock) or whose lease ended before
     * {@code takeOverBefore}. One statement, so two racing writers cannot both win.
     * Returns whether the row is now ours.
     */
    static boolean claimRow(Connection c, String environment, String service, String owner, String token, long now,
            Long leaseUntil, long takeOverBefore) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO deploy_locks (environment, service, owner, token, "
                + "acquired_at_ms, lease_until_ms) VALUES (?,?,?,?,?,?) ON CONFLICT (environment, service) DO UPDATE SET "
                + "owner = excluded.owner, token = excluded.token, acquired_at_ms = excluded.acquired_at_ms, "
                + "lease_until_ms = excluded.lease_until_ms "
                + "WHERE deploy_locks.lease_until_ms IS NULL OR deploy_locks.lease_until_ms < ?")) {
            Sql.bind(ps, environment, service, owner, token, now, Sql.bigint(leaseUntil), takeOverBefore);
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
