package dev.zerofail.history;

import dev.zerofail.core.ThisProcess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * SQLite's deploy lock: a row with a lease. The holder's daemon thread renews the lease every third
 * of its length; a holder that died (kill -9, power loss) stops renewing, and after the lease
 * anyone may take the row over. On the holder's own host its death is seen at once (the row's pid
 * is gone), and the row is taken over without waiting for the lease.
 */
final class LeaseLocks extends Locks {
    private final DataSource ds;
    private final Clock clock;
    private final Duration lease;

    LeaseLocks(DataSource ds, Clock clock, Duration lease) {
        this.ds = ds;
        this.clock = clock;
        this.lease = lease;
    }

    @Override
    Held tryAcquire(String environment, String service, String owner) throws SQLException {
        String token = UUID.randomUUID().toString();
        long now = clock.millis();
        try (Connection c = ds.getConnection()) {
            if (!claimRow(c, environment, service, owner, token, now, now + lease.toMillis(), now)
                    && !takeOverFromDeadProcess(c, environment, service, owner, token, now)) {
                return null;
            }
        }
        return new LeaseLock(environment, service, owner, token);
    }

    /**
     * A holder on this host whose pid is no longer alive (killed with -9: no release, no more
     * renewals) cannot be deploying: its lock is taken over at once rather than after its lease. On
     * another host the pid says nothing here, so the lease rule stays.
     */
    private boolean takeOverFromDeadProcess(Connection c, String environment, String service, String owner, String token,
            long now) throws SQLException {
        Optional<Holder> h = holder(c, environment, service);
        if (h.isEmpty() || h.get().pid() == null || !ThisProcess.host().equals(h.get().host()) || ThisProcess.alive(h.get().pid())) {
            return false;
        }
        return takeOverRow(c, environment, service, h.get().token(), owner, token, now, now + lease.toMillis());
    }

    @Override
    String nextStep(Optional<Holder> holder) {
        String expiry = holder.map(h -> h.leaseUntil()).map(t -> "; if that process died, its lease ends at " + t
                + " and the lock is free after that (at once for a process of this host)").orElse("");
        return "wait for the other deploy to finish, or pass --wait" + expiry;
    }

    private final class LeaseLock implements Held {
        private final String environment;
        private final String service;
        private final String owner;
        private final String token;
        private final AtomicBoolean released = new AtomicBoolean();
        private final ScheduledExecutorService renewer;

        LeaseLock(String environment, String service, String owner, String token) {
            this.environment = environment;
            this.service = service;
            this.owner = owner;
            this.token = token;
            this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "zerofail-lock-lease " + environment + "/" + service);
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, lease.toMillis() / 3);
            renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        @Override
        public String owner() {
            return owner;
        }

        private void renew() {
            try (Connection c = ds.getConnection();
                    PreparedStatement ps = c.prepareStatement("UPDATE deploy_locks SET lease_until_ms = ? "
                            + "WHERE environment = ? AND service = ? AND token = ?")) {
                Sql.bind(ps, clock.millis() + lease.toMillis(), environment, service, token);
                if (ps.executeUpdate() == 0) {
                    // Taken over after our lease ran out (this process stalled longer than the lease).
                    renewer.shutdown();
                }
            } catch (SQLException | RuntimeException e) {
                // A busy or briefly unavailable database: the next renewal tries again, well within the lease.
            }
        }

        @Override
        public void release() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            renewer.shutdownNow();
            try {
                renewer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Connection c = ds.getConnection()) {
                deleteRow(c, environment, service, token);
            } catch (SQLException e) {
                // The lease runs out by itself; nothing else to do on the way out.
            }
        }
    }
}
