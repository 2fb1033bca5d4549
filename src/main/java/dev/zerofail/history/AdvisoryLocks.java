package dev.zerofail.history;

import dev.zerofail.core.Masking;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PostgreSQL's deploy lock: a session advisory lock on a dedicated connection (outside the pool,
 * so closing it really ends the session) held for the lock's life. If the holder dies, the server
 * ends its session and the lock is free at once; the deploy_locks row only names the holder.
 */
final class AdvisoryLocks extends Locks {
    private final Clock clock;
    private final String url;
    private final String schema;
    private final Properties props = new Properties();

    AdvisoryLocks(Clock clock, String url, String user, String password, String schema) {
        this.clock = clock;
        this.url = url;
        this.schema = schema;
        if (user != null && !user.isEmpty()) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "zerofail deploy lock");
        props.setProperty("connectTimeout", "10");
        props.setProperty("tcpKeepAlive", "true");
    }

    /**
     * One 64-bit key per (schema, environment, service). Advisory locks are per database, so the
     * schema keeps two histories in one database (say staging's and prod's teams) apart; the prefix
     * keeps clear of other applications' keys.
     */
    static long key(String schema, String environment, String service) {
        return Long.parseUnsignedLong(Masking.fingerprint("zerofail.deploy-lock", schema, environment, service), 16);
    }

    @Override
    Held tryAcquire(String environment, String service, String owner) throws SQLException {
        long key = key(schema, environment, service);
        Connection c = DriverManager.getConnection(url, props);
        try {
            boolean got;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    got = rs.getBoolean(1);
                }
            }
            if (!got) {
                c.close();
                return null;
            }
            String token = UUID.randomUUID().toString();
            claimRow(c, environment, service, owner, token, clock.millis(), null, Long.MAX_VALUE);
            return new AdvisoryLock(c, key, environment, service, owner, token);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    String nextStep(Optional<Holder> holder) {
        return "wait for the other deploy to finish, or pass --wait; PostgreSQL frees the lock as soon as its holder's "
                + "session ends";
    }

    private static final class AdvisoryLock implements Held {
        private final Connection c;
        private final long key;
        private final String environment;
        private final String service;
        private final String owner;
        private final String token;
        private final AtomicBoolean released = new AtomicBoolean();

        AdvisoryLock(Connection c, long key, String environment, String service, String owner, String token) {
            this.c = c;
            this.key = key;
            this.environment = environment;
            this.service = service;
            this.owner = owner;
            this.token = token;
        }

        @Override
        public String owner() {
            return owner;
        }

        @Override
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            try (c) {
                deleteRow(c, environment, service, token);
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    ps.setLong(1, key);
                    ps.executeQuery().close();
                }
            } catch (SQLException e) {
                // Closing the session (the try-with-resources above) releases the advisory lock anyway.
            }
        }
    }
}
