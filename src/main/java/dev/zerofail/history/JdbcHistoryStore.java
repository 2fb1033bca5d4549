package dev.zerofail.history;

import com.zaxxer.hikari.HikariDataSource;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.scan.RuleSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The one {@link HistoryStore}: plain JDBC over a HikariCP pool, on SQLite or PostgreSQL. */
public final class JdbcHistoryStore implements HistoryStore {
    /** How long an SQLite lock outlives its holder's last renewal (renewed every third of it). */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private static final String COLUMNS = "id, environment, service, kind, state, actor, reason, from_image, to_image, "
            + "from_spec_fingerprint, to_spec_fingerprint, requested_spec, previous_spec, swarm_version_before, "
            + "swarm_version_after, started_at_ms, finished_at_ms, exit_code, error, emergency, commit_sha, commit_at_ms";
    /** A page lists deployments: their specs (kilobytes each in a real store) are read only by {@link #get}. */
    private static final String PAGE_COLUMNS = COLUMNS.replace("requested_spec, previous_spec",
            "NULL AS requested_spec, NULL AS previous_spec");

    private final String redactedUrl;
    private final HikariDataSource ds;
    private final Clock clock;
    private final SpecMasking masking;
    private final Locks locks;
    private final Set<HistoryStore.DeployLock> held = ConcurrentHashMap.newKeySet();

    private JdbcHistoryStore(String url, String user, String password, Dialect dialect, HikariDataSource ds, Clock clock,
            Duration lease) {
        this.redactedUrl = Urls.redact(url);
        this.ds = ds;
        this.clock = clock;
        this.masking = new SpecMasking(() -> RuleSet.builtin().secretKeys());
        this.locks = dialect == Dialect.SQLITE
                ? new LeaseLocks(ds, clock, lease)
                : new AdvisoryLocks(clock, url, user, password, schemaOf(ds));
    }

    private static String schemaOf(HikariDataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.getSchema();
        } catch (SQLException e) {
            throw Database.unavailable(ds.getJdbcUrl(), null, e);
        }
    }

    static HistoryStore open(String url, String user, String password) {
        return open(url, user, password, Clock.systemUTC(), DEFAULT_LEASE);
    }

    /** With an injected clock (lock timestamps and lease expiry) and lease length, for tests. */
    public static JdbcHistoryStore open(String url, String user, String password, Clock clock, Duration lease) {
        String u = url == null || url.isBlank() ? DEFAULT_URL : url.trim();
        Dialect dialect = Dialect.of(u);
        HikariDataSource ds = Database.open(u, user, password, dialect);
        return new JdbcHistoryStore(u, user, password, dialect, ds, clock, lease);
    }

    @Override
    public javax.sql.DataSource dataSource() {
        return ds;
    }

    @Override
    public long start(Deployment d) {
        Objects.requireNonNull(d.environment(), "environment");
        Objects.requireNonNull(d.service(), "service");
        Objects.requireNonNull(d.kind(), "kind");
        String requested = masking.mask(d.requestedSpecJson());
        String previous = masking.mask(d.previousSpecJson());
        Instant started = ms(d.startedAt() != null ? d.startedAt() : clock.instant());
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployments (environment, service, kind, state, "
                    + "actor, reason, from_image, to_image, from_spec_fingerprint, to_spec_fingerprint, requested_spec, "
                    + "previous_spec, swarm_version_before, swarm_version_after, started_at_ms, finished_at_ms, exit_code, "
                    + "error, emergency, commit_sha, commit_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id")) {
                Sql.bind(ps, d.environment(), d.service(), d.kind(), DeployState.RUNNING,
                        d.actor() == null ? "unknown" : d.actor(), masking.maskText(d.reason()), d.fromImage(), d.toImage(),
                        d.fromSpecFingerprint(), d.toSpecFingerprint(), requested, previous,
                        Sql.bigint(d.swarmVersionBefore()), Sql.bigint(d.swarmVersionAfter()), started,
                        Sql.millis(null), Sql.integer(null), masking.maskText(d.error()),
                        d.emergency() || d.kind() == DeployKind.EMERGENCY, d.commitSha(),
                        Sql.millis(d.commitAt() == null ? null : ms(d.commitAt())));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void event(DeployEvent e) {
        update("INSERT INTO deploy_events (deployment_id, at_ms, phase, message) VALUES (?,?,?,?)",
                e.deploymentId(), at(e.at()), e.phase(), masking.maskText(e.message()));
    }

    @Override
    public void gate(GateResult g) {
        update("INSERT INTO gate_results (deployment_id, at_ms, gate, target, passed, detail) VALUES (?,?,?,?,?,?)",
                g.deploymentId(), at(g.at()), g.gate(), g.target(), g.passed(), masking.maskText(g.detail()));
    }

    @Override
    public void taskFailure(TaskFailure f) {
        update("INSERT INTO task_failures (deployment_id, task_id, error, exit_code, at_ms) VALUES (?,?,?,?,?)",
                f.deploymentId(), f.taskId(), masking.maskText(f.error()), Sql.integer(f.exitCode()), at(f.at()));
    }

    @Override
    public void finish(long id, DeployState state, Integer exitCode, String error, Long swarmVersionAfter, Instant at) {
        int n = update("UPDATE deployments SET state = ?, exit_code = ?, error = ?, swarm_version_after = ?, "
                + "finished_at_ms = ? WHERE id = ?", Objects.requireNonNull(state, "state"), Sql.integer(exitCode),
                masking.maskText(error),
                Sql.bigint(swarmVersionAfter), at(at), id);
        if (n != 1) {
            throw new IllegalArgumentException("no deployment " + id + " to finish");
        }
    }

    @Override
    public Optional<Deployment> get(long id) {
        List<Deployment> found = deployments("SELECT " + COLUMNS + " FROM deployments WHERE id = ?", id);
        return found.stream().findFirst();
    }

    @Override
    public List<Deployment> list(String environment, String service, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM deployments WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (environment != null) {
            sql.append(" AND environment = ?");
            args.add(environment);
        }
        if (service != null) {
            sql.append(" AND service = ?");
            args.add(service);
        }
        if (since != null) {
            sql.append(" AND started_at_ms >= ?");
            args.add(since.toEpochMilli());
        }
        sql.append(" ORDER BY started_at_ms DESC, id DESC");
        if (limit > 0) {
            sql.append(" LIMIT ").append(limit);
        }
        return deployments(sql.toString(), args.toArray());
    }

    @Override
    public List<Deployment> page(DeploymentFilter filter, Long beforeId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        StringBuilder sql = new StringBuilder("SELECT " + PAGE_COLUMNS + " FROM deployments WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (beforeId != null) {
            sql.append(" AND id < ?");
            args.add(beforeId);
        }
        if (filter.environment() != null) {
            sql.append(" AND environment = ?");
            args.add(filter.environment());
        }
        if (filter.service() != null) {
            sql.append(" AND service = ?");
            args.add(filter.service());
        }
        if (filter.state() != null) {
            sql.append(" AND state = ?");
            args.add(filter.state());
        }
        if (filter.since() != null) {
            sql.append(" AND started_at_ms >= ?");
            args.add(filter.since().toEpochMilli());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        return deployments(sql.toString(), args.toArray());
    }

    @Override
    public void audit(ApiAudit a) {
        update("INSERT INTO api_audit (token_name, role, method, path, summary, status, at_ms) VALUES (?,?,?,?,?,?,?)",
                a.tokenName(), a.role(), a.method(), masking.maskText(a.path()), masking.maskText(a.summary()), a.status(),
                at(a.at()));
    }

    @Override
    public List<ApiAudit> auditLog(int limit) {
        return query("SELECT id, token_name, role, method, path, summary, status, at_ms FROM api_audit ORDER BY id DESC LIMIT "
                + Math.max(1, limit), rs -> new ApiAudit(rs.getLong("id"), rs.getString("token_name"), rs.getString("role"),
                rs.getString("method"), rs.getString("path"), rs.getString("summary"), rs.getInt("status"),
                Sql.instant(rs, "at_ms")));
    }

    @Override
    public void ping() {
        query("SELECT 1", rs -> rs.getInt(1));
    }

    @Override
    public List<DeployEvent> events(long id) {
        return query("SELECT deployment_id, at_ms, phase, message FROM deploy_events WHERE deployment_id = ? "
                + "ORDER BY at_ms, id", rs -> new DeployEvent(rs.getLong("deployment_id"), Sql.instant(rs, "at_ms"),
                rs.getString("phase"), rs.getString("message")), id);
    }

    @Override
    public List<GateResult> gates(long id) {
        return query("SELECT deployment_id, at_ms, gate, target, passed, detail FROM gate_results WHERE deployment_id = ? "
                + "ORDER BY at_ms, id", rs -> new GateResult(rs.getLong("deployment_id"), Sql.instant(rs, "at_ms"),
                rs.getString("gate"), rs.getString("target"), rs.getInt("passed") != 0, rs.getString("detail")), id);
    }

    @Override
    public List<TaskFailure> failures(long id) {
        return query("SELECT deployment_id, task_id, error, exit_code, at_ms FROM task_failures WHERE deployment_id = ? "
                + "ORDER BY at_ms, id", rs -> new TaskFailure(rs.getLong("deployment_id"), rs.getString("task_id"),
                rs.getString("error"), Sql.nullableInt(rs, "exit_code"), Sql.instant(rs, "at_ms")), id);
    }

    @Override
    public List<FeedItem> feed(long afterEvent, long afterGate, String environment, String service, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder();
        if (environment != null) {
            where.append(" AND d.environment = ?");
            args.add(environment);
        }
        if (service != null) {
            where.append(" AND d.service = ?");
            args.add(service);
        }
        List<Object> eventArgs = new ArrayList<>(List.of(afterEvent));
        eventArgs.addAll(args);
        eventArgs.add(limit);
        List<FeedItem> out = new ArrayList<>(query("SELECT e.id, e.deployment_id, e.at_ms, e.phase, e.message, d.environment, "
                + "d.service, d.kind FROM deploy_events e JOIN deployments d ON d.id = e.deployment_id WHERE e.id > ?" + where
                + " ORDER BY e.id LIMIT ?", rs -> new FeedItem(rs.getLong("id"), rs.getLong("deployment_id"),
                rs.getString("environment"), rs.getString("service"), DeployKind.valueOf(rs.getString("kind")),
                Sql.instant(rs, "at_ms"), rs.getString("phase"), null, null, null, rs.getString("message")),
                eventArgs.toArray()));
        List<Object> gateArgs = new ArrayList<>(List.of(afterGate));
        gateArgs.addAll(args);
        gateArgs.add(limit);
        out.addAll(query("SELECT g.id, g.deployment_id, g.at_ms, g.gate, g.target, g.passed, g.detail, d.environment, "
                + "d.service, d.kind FROM gate_results g JOIN deployments d ON d.id = g.deployment_id WHERE g.id > ?" + where
                + " ORDER BY g.id LIMIT ?", rs -> new FeedItem(rs.getLong("id"), rs.getLong("deployment_id"),
                rs.getString("environment"), rs.getString("service"), DeployKind.valueOf(rs.getString("kind")),
                Sql.instant(rs, "at_ms"), null, rs.getString("gate"), rs.getString("target"), rs.getInt("passed") != 0,
                rs.getString("detail")), gateArgs.toArray()));
        return List.copyOf(out);
    }

    @Override
    public long[] feedHead() {
        return run(c -> {
            long[] head = new long[2];
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT COALESCE(MAX(id), 0) FROM deploy_events), "
                    + "(SELECT COALESCE(MAX(id), 0) FROM gate_results)"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                head[0] = rs.getLong(1);
                head[1] = rs.getLong(2);
            }
            return head;
        });
    }

    @Override
    public Optional<Deployment> lastSucceeded(String environment, String service) {
        return deployments("SELECT " + COLUMNS + " FROM deployments WHERE environment = ? AND service = ? AND state = ? "
                + "AND kind <> ? ORDER BY started_at_ms DESC, id DESC LIMIT 1", environment, service, DeployState.SUCCEEDED,
                DeployKind.DRILL).stream().findFirst();
    }

    @Override
    public Optional<Deployment> lastRollbackProof(String environment, Instant since) {
        // a drill that ended in a rollback but not with exit 0 (undetected, or recovered after a crash) proves nothing
        return deployments("SELECT " + COLUMNS + " FROM deployments WHERE environment = ? AND state = ? "
                + "AND finished_at_ms >= ? AND ((kind = ? AND exit_code = 0) OR kind IN (?, ?)) "
                + "ORDER BY finished_at_ms DESC, id DESC LIMIT 1", Objects.requireNonNull(environment, "environment"),
                DeployState.ROLLED_BACK, since.toEpochMilli(), DeployKind.DRILL, DeployKind.DEPLOY, DeployKind.EMERGENCY)
                .stream().findFirst();
    }

    @Override
    public List<Deployment> running() {
        return deployments("SELECT " + COLUMNS + " FROM deployments WHERE state = ? ORDER BY started_at_ms, id",
                DeployState.RUNNING);
    }

    private static final String SUMMARY = "SELECT id, environment, service, kind, state, started_at_ms, finished_at_ms "
            + "FROM deployments ";

    @Override
    public List<DeploymentSummary> summariesAfter(long afterId, int limit) {
        return query(SUMMARY + "WHERE id > ? ORDER BY id LIMIT " + Math.max(1, limit), JdbcHistoryStore::summary, afterId);
    }

    @Override
    public List<DeploymentSummary> summaries(java.util.Collection<Long> ids) {
        return byIds(SUMMARY + "WHERE id IN (%s) ORDER BY id", ids, JdbcHistoryStore::summary);
    }

    @Override
    public List<DeployEvent> events(java.util.Collection<Long> ids) {
        return byIds("SELECT deployment_id, at_ms, phase, message FROM deploy_events WHERE deployment_id IN (%s) "
                + "ORDER BY deployment_id, at_ms, id", ids, rs -> new DeployEvent(rs.getLong("deployment_id"),
                Sql.instant(rs, "at_ms"), rs.getString("phase"), rs.getString("message")));
    }

    @Override
    public List<GateResult> gates(java.util.Collection<Long> ids) {
        return byIds("SELECT deployment_id, at_ms, gate, target, passed, detail FROM gate_results WHERE deployment_id IN (%s) "
                + "ORDER BY deployment_id, at_ms, id", ids, rs -> new GateResult(rs.getLong("deployment_id"),
                Sql.instant(rs, "at_ms"), rs.getString("gate"), rs.getString("target"), rs.getInt("passed") != 0,
                rs.getString("detail")));
    }

    /** IN lists of at most 500 bound values a query (both databases take far more; this keeps statements small). */
    private <T> List<T> byIds(String sql, java.util.Collection<Long> ids, Row<T> row) {
        List<Long> all = List.copyOf(ids);
        List<T> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 500) {
            List<Long> chunk = all.subList(from, Math.min(all.size(), from + 500));
            String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            out.addAll(query(String.format(java.util.Locale.ROOT, sql, marks), row, chunk.toArray()));
        }
        return List.copyOf(out);
    }

    private static DeploymentSummary summary(ResultSet rs) throws SQLException {
        return new DeploymentSummary(rs.getLong("id"), rs.getString("environment"), rs.getString("service"),
                rs.getString("kind"), rs.getString("state"), Sql.instant(rs, "started_at_ms"), Sql.instant(rs, "finished_at_ms"));
    }

    @Override
    public DeployLock lock(String environment, String service, String owner, Duration wait) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(owner, "owner");
        long deadline = System.nanoTime() + (wait == null || wait.isNegative() ? 0 : wait.toNanos());
        while (true) {
            Locks.Held lock = guard(() -> locks.tryAcquire(environment, service, owner));
            if (lock != null) {
                TrackedLock tracked = new TrackedLock(lock);
                held.add(tracked);
                return tracked;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw heldBy(environment, service, wait);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "deploy lock " + environment + "/" + service,
                        "interrupted while waiting for the deploy lock", "run the command again");
            }
        }
    }

    private ZerofailException heldBy(String environment, String service, Duration wait) {
        Optional<Locks.Holder> holder = run(c -> locks.holder(c, environment, service));
        Optional<Long> deployment = run(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM deployments WHERE environment = ? AND "
                    + "service = ? AND state = ? ORDER BY started_at_ms DESC, id DESC LIMIT 1")) {
                Sql.bind(ps, environment, service, DeployState.RUNNING);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
        String who = holder.map(h -> "held by " + h.owner() + " since " + h.acquiredAt()).orElse("held by another deploy");
        String what = deployment.map(id -> " (deployment " + id + ")").orElse(" (no deployment recorded yet)");
        boolean waited = wait != null && !wait.isZero() && !wait.isNegative();
        String problem = "the deploy lock for " + environment + "/" + service + " is " + who + what
                + (waited ? "; not released within " + wait.toString().substring(2).toLowerCase(java.util.Locale.ROOT) : "");
        return new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "deploy lock " + environment + "/" + service, problem,
                locks.nextStep(holder));
    }

    @Override
    public <T> T read(Read<T> work) {
        return run(work::run);
    }

    @Override
    public void close() {
        for (DeployLock l : List.copyOf(held)) {
            l.close();
        }
        ds.close();
    }

    /** Where this store lives, for messages (no credentials). */
    public String describe() {
        return redactedUrl;
    }

    private final class TrackedLock implements DeployLock {
        private final Locks.Held lock;

        TrackedLock(Locks.Held lock) {
            this.lock = lock;
        }

        @Override
        public String holder() {
            return lock.owner();
        }

        @Override
        public void close() {
            if (held.remove(this)) {
                lock.release();
            }
        }
    }

    private Instant at(Instant t) {
        return ms(t != null ? t : clock.instant());
    }

    private static Instant ms(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    private List<Deployment> deployments(String sql, Object... args) {
        return query(sql, JdbcHistoryStore::deployment, args);
    }

    private static Deployment deployment(ResultSet rs) throws SQLException {
        return new Deployment(rs.getLong("id"), rs.getString("environment"), rs.getString("service"),
                DeployKind.valueOf(rs.getString("kind")), DeployState.valueOf(rs.getString("state")),
                rs.getString("actor"), rs.getString("reason"), rs.getString("from_image"), rs.getString("to_image"),
                rs.getString("from_spec_fingerprint"), rs.getString("to_spec_fingerprint"),
                rs.getString("requested_spec"), rs.getString("previous_spec"), Sql.nullableLong(rs, "swarm_version_before"),
                Sql.nullableLong(rs, "swarm_version_after"), Sql.instant(rs, "started_at_ms"),
                Sql.instant(rs, "finished_at_ms"), Sql.nullableInt(rs, "exit_code"), rs.getString("error"),
                rs.getInt("emergency") != 0, rs.getString("commit_sha"), Sql.instant(rs, "commit_at_ms"));
    }

    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> List<T> query(String sql, Row<T> row, Object... args) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Sql.bind(ps, args);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row.read(rs));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    private int update(String sql, Object... args) {
        return run(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Sql.bind(ps, args);
                return ps.executeUpdate();
            }
        });
    }

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    private <T> T run(Work<T> work) {
        return guard(() -> {
            try (Connection c = ds.getConnection()) {
                return work.run(c);
            }
        });
    }

    private <T> T guard(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, redactedUrl,
                    "history database error (SQLState " + e.getSQLState() + "): " + Database.scrub(e.getMessage(), null),
                    "check that the history database is reachable and not full", e);
        }
    }
}
