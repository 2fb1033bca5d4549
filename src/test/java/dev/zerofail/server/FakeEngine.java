package dev.zerofail.server;

import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes the store calls the real Deployer makes, in its order (record the deployment, take the
 * service's lock through the store, record gates and events, finish), and holds each deploy until
 * {@link #release} so tests see it running and locked. {@link #failBeforeRecord} makes it throw
 * the way the engine refuses a request (an unknown --to, Docker down) before recording anything.
 */
final class FakeEngine implements DeployEngine {
    final List<Action> actions = new CopyOnWriteArrayList<>();
    final List<String> lockHolders = new CopyOnWriteArrayList<>();
    volatile CountDownLatch release = new CountDownLatch(1);
    volatile RuntimeException failBeforeRecord;

    @Override
    public List<String> services(String environment) {
        return environment.equals("prod") ? List.of("api", "web") : List.of("api");
    }

    @Override
    public DeployOutcome run(Action a, HistoryStore store) {
        actions.add(a);
        if (failBeforeRecord != null) {
            throw failBeforeRecord;
        }
        DeployKind kind = a.kind().equals("rollback") ? DeployKind.ROLLBACK : a.emergency() ? DeployKind.EMERGENCY : DeployKind.DEPLOY;
        String to = a.image() != null ? a.image() : "acme/" + a.service() + ":" + (a.tag() != null ? a.tag() : "2");
        long id = store.start(new Deployment(0, a.environment(), a.service(), kind, DeployState.RUNNING, a.actor(), a.reason(),
                "acme/" + a.service() + ":1", to, "fp1", "fp2", "{}", "{}", 1L, null, Instant.now(), null, null, null, a.emergency()));
        store.event(new DeployEvent(id, Instant.now(), "started", a.kind() + " of " + a.service() + " by " + a.actor()));
        // the engine's own lock call: must get the server's lock back, not wait for itself
        try (HistoryStore.DeployLock lock = store.lock(a.environment(), a.service(), "engine", Duration.ZERO)) {
            lockHolders.add(lock.holder());
            store.gate(new GateResult(id, Instant.now(), "preflight.lock", a.environment() + "/" + a.service(), true,
                    "held by " + lock.holder()));
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DeployOutcome(a.environment(), a.kind(), List.of(), List.of());
            }
            store.gate(new GateResult(id, Instant.now(), "http", "http://127.0.0.1:1/health", true, "200 OK"));
            store.event(new DeployEvent(id, Instant.now(), "succeeded", "verified: 1 replica(s) healthy"));
            store.finish(id, DeployState.SUCCEEDED, 0, null, 2L, Instant.now());
        }
        return new DeployOutcome(a.environment(), a.kind(), List.of(), List.of());
    }
}
