package dev.zerofail.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The record of every deploy and rollback, and the per-service deploy lock. One JDBC
 * implementation serves SQLite (the default, a file in the repository) and PostgreSQL (shared by
 * a team); both pass the same contract tests.
 */
public interface HistoryStore extends AutoCloseable {
    /** The embedded default, relative to the working directory; {@link HistoryConfig} resolves it against the repository. */
    String DEFAULT_URL = "jdbc:sqlite:.zerofail/history.db";

    /**
     * Opens the store (a HikariCP pool) and brings its schema up to date with Flyway.
     * {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST/DB}; null means {@link #DEFAULT_URL}.
     * An unreachable database or rejected credentials throw exit 3, without the password.
     */
    static HistoryStore open(String jdbcUrl, String user, String password) {
        return JdbcHistoryStore.open(jdbcUrl, user, password);
    }

    /** Inserts the draft with state RUNNING (its id and state are ignored) and returns the new id. */
    long start(Deployment draft);

    void event(DeployEvent e);

    void gate(GateResult g);

    void taskFailure(TaskFailure f);

    void finish(long id, DeployState state, Integer exitCode, String error, Long swarmVersionAfter, Instant at);

    Optional<Deployment> get(long id);

    /** Newest first; a null environment, service or since means any, a limit of 0 or less means all. */
    List<Deployment> list(String environment, String service, Instant since, int limit);

    /**
     * One page of deployments by id, newest first, keyset-paginated: only ids below {@code beforeId}
     * (null for the first page), at most {@code limit}. Unlike an offset, a page stays the same while
     * new deployments arrive (they get higher ids). Without the specs ({@code requestedSpecJson} and
     * {@code previousSpecJson} null): {@link #get} has them.
     */
    List<Deployment> page(DeploymentFilter filter, Long beforeId, int limit);

    /** Oldest first. */
    List<DeployEvent> events(long id);

    List<GateResult> gates(long id);

    List<TaskFailure> failures(long id);

    /**
     * The live feed: events with an id above {@code afterEvent} and gate results with an id above
     * {@code afterGate}, each table in id order (events first), at most {@code limit} of each; a null
     * environment or service means any. What Server-Sent Events poll, so every replica sees every deploy.
     */
    List<FeedItem> feed(long afterEvent, long afterGate, String environment, String service, int limit);

    /** The highest event and gate result ids now (0 when none): where a new live feed starts. */
    long[] feedHead();

    /** The last good spec to roll back to (never a drill's). */
    Optional<Deployment> lastSucceeded(String environment, String service);

    /**
     * Proof that rollback works in {@code environment}: the newest drill that passed (kind DRILL,
     * ROLLED_BACK, exit 0) or deploy that was rolled back automatically and verified healthy again
     * (kind DEPLOY or EMERGENCY, ROLLED_BACK), finished at or after {@code since}; empty when none.
     */
    Optional<Deployment> lastRollbackProof(String environment, Instant since);

    /** Records a state-changing API request (its id is ignored); the summary is masked like an event's message. */
    void audit(ApiAudit entry);

    /** The audit log, newest first, at most {@code limit} entries. */
    List<ApiAudit> auditLog(int limit);

    /** Throws exit 3 when the database does not answer (a readiness probe). */
    void ping();

    /** Deployments still marked RUNNING, oldest first: after a crash, what to recover. */
    List<Deployment> running();

    /**
     * Incremental readers (metrics) follow the store with these: deployments with an id above
     * {@code afterId}, lowest id first, at most {@code limit}; then the ones they still hold as
     * RUNNING, or whose id they have not seen yet, by id.
     */
    List<DeploymentSummary> summariesAfter(long afterId, int limit);

    List<DeploymentSummary> summaries(java.util.Collection<Long> ids);

    /** The events of several deployments at once, by deployment then time. */
    List<DeployEvent> events(java.util.Collection<Long> ids);

    /** The gate results of several deployments at once, by deployment then time. */
    List<GateResult> gates(java.util.Collection<Long> ids);

    /**
     * The lock per (environment, service): SQLite holds a row with an owner and a lease that a daemon
     * thread renews; PostgreSQL holds an advisory lock on a dedicated connection. With a positive
     * {@code wait} it polls until the deadline; when not acquired it throws exit 3 "held by OWNER
     * since T (deployment N)".
     */
    DeployLock lock(String environment, String service, String owner, Duration wait);

    /**
     * Runs read-only SQL on the store's connection pool, for a capability that computes its figures in
     * the database (stats) rather than loading rows; a database error becomes exit 3 like every other call.
     */
    <T> T read(Read<T> work);

    /**
     * The pool, for capabilities that keep their own tables in the same database (runs: the
     * {@code ci_*} tables of V5). Closed with the store.
     */
    javax.sql.DataSource dataSource();

    @Override
    void close();

    /** Work done on one pooled connection. */
    interface Read<T> {
        T run(java.sql.Connection c) throws java.sql.SQLException;
    }

    /** A held deploy lock; closing releases it. */
    interface DeployLock extends AutoCloseable {
        String holder();

        @Override
        void close();
    }
}
