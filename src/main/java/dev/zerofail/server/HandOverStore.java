package dev.zerofail.server;

import dev.zerofail.history.ApiAudit;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentFilter;
import dev.zerofail.history.FeedItem;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.TaskFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The shared store as one API-started deploy sees it. The server takes the service's lock on the
 * request thread (so a second POST gets its 409 at once, not after the first has started), and the
 * engine's own lock call for that service gets this lock back instead of waiting for itself; its
 * close is a no-op, the server releases the lock when the engine returns. The first deployment the
 * engine records for the service completes {@link #deploymentId}, which the 202 answers with.
 */
final class HandOverStore implements HistoryStore {
    private final HistoryStore store;
    private final String environment;
    private final String service;
    private final DeployLock held;
    final CompletableFuture<Long> deploymentId = new CompletableFuture<>();

    HandOverStore(HistoryStore store, String environment, String service, DeployLock held) {
        this.store = store;
        this.environment = environment;
        this.service = service;
        this.held = held;
    }

    @Override
    public DeployLock lock(String environment, String service, String owner, Duration wait) {
        if (this.environment.equals(environment) && this.service.equals(service)) {
            return new DeployLock() {
                @Override
                public String holder() {
                    return held.holder();
                }

                @Override
                public void close() {
                    // released by the server once the engine is done
                }
            };
        }
        return store.lock(environment, service, owner, wait);
    }

    /** Releases the lock the server took; after the engine returned or threw. */
    void release() {
        held.close();
    }

    @Override
    public long start(Deployment draft) {
        long id = store.start(draft);
        if (draft.environment().equals(environment) && draft.service().equals(service)) {
            deploymentId.complete(id);
        }
        return id;
    }

    @Override
    public void event(DeployEvent e) {
        store.event(e);
    }

    @Override
    public void gate(GateResult g) {
        store.gate(g);
    }

    @Override
    public void taskFailure(TaskFailure f) {
        store.taskFailure(f);
    }

    @Override
    public void finish(long id, DeployState state, Integer exitCode, String error, Long swarmVersionAfter, Instant at) {
        store.finish(id, state, exitCode, error, swarmVersionAfter, at);
    }

    @Override
    public Optional<Deployment> get(long id) {
        return store.get(id);
    }

    @Override
    public List<Deployment> list(String environment, String service, Instant since, int limit) {
        return store.list(environment, service, since, limit);
    }

    @Override
    public List<Deployment> page(DeploymentFilter filter, Long beforeId, int limit) {
        return store.page(filter, beforeId, limit);
    }

    @Override
    public List<DeployEvent> events(long id) {
        return store.events(id);
    }

    @Override
    public List<GateResult> gates(long id) {
        return store.gates(id);
    }

    @Override
    public List<TaskFailure> failures(long id) {
        return store.failures(id);
    }

    @Override
    public List<FeedItem> feed(long afterEvent, long afterGate, String environment, String service, int limit) {
        return store.feed(afterEvent, afterGate, environment, service, limit);
    }

    @Override
    public long[] feedHead() {
        return store.feedHead();
    }

    @Override
    public Optional<Deployment> lastSucceeded(String environment, String service) {
        return store.lastSucceeded(environment, service);
    }

    @Override
    public void audit(ApiAudit entry) {
        store.audit(entry);
    }

    @Override
    public List<ApiAudit> auditLog(int limit) {
        return store.auditLog(limit);
    }

    @Override
    public void ping() {
        store.ping();
    }

    @Override
    public List<Deployment> running() {
        return store.running();
    }

    @Override
    public <T> T read(Read<T> work) {
        return store.read(work);
    }

    @Override
    public Optional<Deployment> lastRollbackProof(String environment, Instant since) {
        return store.lastRollbackProof(environment, since);
    }

    @Override
    public List<dev.zerofail.history.DeploymentSummary> summariesAfter(long afterId, int limit) {
        return store.summariesAfter(afterId, limit);
    }

    @Override
    public List<dev.zerofail.history.DeploymentSummary> summaries(java.util.Collection<Long> ids) {
        return store.summaries(ids);
    }

    @Override
    public List<DeployEvent> events(java.util.Collection<Long> ids) {
        return store.events(ids);
    }

    @Override
    public List<GateResult> gates(java.util.Collection<Long> ids) {
        return store.gates(ids);
    }

    @Override
    public javax.sql.DataSource dataSource() {
        return store.dataSource();
    }

    @Override
    public void close() {
        // the server's store outlives every deploy
    }
}
