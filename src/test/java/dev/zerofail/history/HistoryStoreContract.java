package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.Await;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HistoryStore} must do, run against SQLite ({@code SqliteHistoryStoreTest}) and
 * the real PostgreSQL ({@code PostgresHistoryStoreIT}). Subclasses give a fresh, empty database per
 * test and a way to open more stores on it (a second "machine") and to read it with plain JDBC.
 */
public abstract class HistoryStoreContract {
    protected static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456Z");
    protected HistoryStore store;

    /** A new store on this test's database (migrating it on first use). */
    protected abstract HistoryStore open(Clock clock);

    /** A plain JDBC connection to this test's database, bypassing the store. */
    protected abstract Connection rawConnection() throws SQLException;

    /** Makes this test's empty database (before the first store opens it). */
    protected void createDatabase() throws Exception {
    }

    /** Removes it again, after every store on it is closed. */
    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void openStore() throws Exception {
        createDatabase();
        store = open(Clock.systemUTC());
    }

    @AfterEach
    void closeStore() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            dropDatabase();
        }
    }

    protected static Deployment draft(String env, String service, Instant startedAt) {
        return new Deployment(0, env, service, DeployKind.DEPLOY, DeployState.SUCCEEDED, "alice", "release 1.2",
                "acme/api:1.1", "acme/api:1.2", "fp-from", "fp-to", "{\"Name\":\"api\"}", "{\"Name\":\"api\",\"v\":1}",
                41L, null, startedAt, null, null, null, false);
    }

    @Test
    void pageIsKeysetOnIdDescendingAndStableWhileNewDeploymentsArrive() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // started_at out of id order on purpose: the page follows ids, not times
            ids.add(store.start(draft(i % 2 == 0 ? "prod" : "staging", "api", T0.plusSeconds(i % 3))));
        }
        List<Deployment> first = store.page(DeploymentFilter.ANY, null, 3);
        assertThat(first).extracting(Deployment::id).containsExactly(ids.get(6), ids.get(5), ids.get(4));
        long newer = store.start(draft("prod", "api", T0.plusSeconds(99)));
        List<Deployment> second = store.page(DeploymentFilter.ANY, first.get(2).id(), 3);
        assertThat(second).extracting(Deployment::id).containsExactly(ids.get(3), ids.get(2), ids.get(1));
        assertThat(store.page(DeploymentFilter.ANY, second.get(2).id(), 3)).extracting(Deployment::id)
                .containsExactly(ids.get(0));
        assertThat(store.page(DeploymentFilter.ANY, null, 1)).extracting(Deployment::id).containsExactly(newer);
    }

    @Test
    void aPageListsWithoutTheSpecsWhichGetReads() {
        long id = store.start(draft("prod", "api", T0));
        Deployment listed = store.page(DeploymentFilter.ANY, null, 5).get(0);
        assertThat(listed.id()).isEqualTo(id);
        assertThat(listed.toImage()).isEqualTo("acme/api:1.2");
        assertThat(listed.requestedSpecJson()).isNull();
        assertThat(listed.previousSpecJson()).isNull();
        assertThat(store.get(id).orElseThrow().requestedSpecJson()).isNotNull();
    }

    @Test
    void pageFiltersByEnvironmentServiceStateAndSince() {
        long a = store.start(draft("prod", "api", T0));
        long b = store.start(draft("prod", "web", T0.plusSeconds(10)));
        long c = store.start(draft("staging", "api", T0.plusSeconds(20)));
        store.finish(b, DeployState.ROLLED_BACK, 4, "gate failed", null, T0.plusSeconds(30));
        assertThat(store.page(new DeploymentFilter("prod", null, null, null), null, 50)).extracting(Deployment::id)
                .containsExactly(b, a);
        assertThat(store.page(new DeploymentFilter(null, "api", null, null), null, 50)).extracting(Deployment::id)
                .containsExactly(c, a);
        assertThat(store.page(new DeploymentFilter(null, null, DeployState.ROLLED_BACK, null), null, 50))
                .extracting(Deployment::id).containsExactly(b);
        assertThat(store.page(new DeploymentFilter(null, null, null, T0.plusSeconds(10)), null, 50))
                .extracting(Deployment::id).containsExactly(c, b);
        assertThat(store.page(new DeploymentFilter("prod", "api", DeployState.RUNNING, T0), c, 50))
                .extracting(Deployment::id).containsExactly(a);
    }

    @Test
    void auditLogKeepsRequestsNewestFirstAndPingAnswers() {
        store.ping();
        store.audit(new ApiAudit(0, "ci", "deployer", "POST", "/api/v1/deployments", "env=prod service=api", 202, T0));
        store.audit(new ApiAudit(0, null, null, "POST", "/api/v1/rollbacks", null, 401, T0.plusSeconds(1)));
        List<ApiAudit> log = store.auditLog(10);
        assertThat(log).extracting(ApiAudit::path).containsExactly("/api/v1/rollbacks", "/api/v1/deployments");
        assertThat(log.get(1).tokenName()).isEqualTo("ci");
        assertThat(log.get(1).role()).isEqualTo("deployer");
        assertThat(log.get(1).status()).isEqualTo(202);
        assertThat(log.get(1).at()).isEqualTo(T0.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(log.get(0).tokenName()).isNull();
        assertThat(store.auditLog(1)).hasSize(1);
    }

    @Test
    void startEventGateFailureFinishRoundTrip() {
        long id = store.start(draft("prod", "api", T0));

        Deployment running = store.get(id).orElseThrow();
        assertThat(running.id()).isEqualTo(id);
        assertThat(running.state()).as("start ignores the draft's state").isEqualTo(DeployState.RUNNING);
        assertThat(running.startedAt()).isEqualTo(Instant.parse("2026-11-20T10:00:00.123Z"));
        assertThat(running.finishedAt()).isNull();
        assertThat(running).usingRecursiveComparison()
                .ignoringFields("id", "state", "startedAt", "requestedSpecJson", "previousSpecJson")
                .isEqualTo(draft("prod", "api", T0));
        assertThat(running.requestedSpecJson()).isEqualTo("{\"Name\":\"api\"}");
        assertThat(running.swarmVersionBefore()).isEqualTo(41L);
        assertThat(running.swarmVersionAfter()).isNull();

        store.event(new DeployEvent(id, T0.plusMillis(1), "preflight", "gates passed"));
        store.event(new DeployEvent(id, T0.plusMillis(3), "rollout", "replica 1 of 2"));
        store.event(new DeployEvent(id, T0.plusMillis(2), "update", "spec posted"));
        store.gate(new GateResult(id, T0.plusMillis(4), "http", "task-1", true, "200 ok"));
        store.gate(new GateResult(id, T0.plusMillis(5), "container-health", "task-2", false, "unhealthy"));
        store.taskFailure(new TaskFailure(id, "task-2", "task: non-zero exit (137)", 137, T0.plusMillis(6)));
        store.taskFailure(new TaskFailure(id, "task-3", "no such image", null, T0.plusMillis(7)));
        store.finish(id, DeployState.ROLLED_BACK, 4, "health gate failed on task-2", 43L, T0.plusSeconds(9));

        assertThat(store.events(id)).extracting(DeployEvent::phase).containsExactly("preflight", "update", "rollout");
        assertThat(store.events(id).get(0)).isEqualTo(new DeployEvent(id, T0.plusMillis(1).truncatedTo(
                java.time.temporal.ChronoUnit.MILLIS), "preflight", "gates passed"));
        assertThat(store.gates(id)).containsExactly(
                new GateResult(id, ms(T0.plusMillis(4)), "http", "task-1", true, "200 ok"),
                new GateResult(id, ms(T0.plusMillis(5)), "container-health", "task-2", false, "unhealthy"));
        assertThat(store.failures(id)).containsExactly(
                new TaskFailure(id, "task-2", "task: non-zero exit (137)", 137, ms(T0.plusMillis(6))),
                new TaskFailure(id, "task-3", "no such image", null, ms(T0.plusMillis(7))));
        Deployment done = store.get(id).orElseThrow();
        assertThat(done.state()).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(done.exitCode()).isEqualTo(4);
        assertThat(done.error()).isEqualTo("health gate failed on task-2");
        assertThat(done.swarmVersionAfter()).isEqualTo(43L);
        assertThat(done.finishedAt()).isEqualTo(ms(T0.plusSeconds(9)));
        assertThat(store.get(id + 1000)).isEmpty();
        assertThat(store.events(id + 1000)).isEmpty();
    }

    @Test
    void emergencyKindIsFlaggedAndIdsGrow() {
        Deployment d = draft("prod", "api", T0);
        long a = store.start(new Deployment(0, "prod", "api", DeployKind.EMERGENCY, null, "bob", "hotfix", null,
                "acme/api:1.3", null, null, null, null, null, null, T0, null, null, null, false));
        long b = store.start(d);
        assertThat(b).isGreaterThan(a);
        assertThat(store.get(a).orElseThrow().emergency()).isTrue();
        assertThat(store.get(a).orElseThrow().kind()).isEqualTo(DeployKind.EMERGENCY);
        assertThat(store.get(b).orElseThrow().emergency()).isFalse();
    }

    @Test
    void finishingAnUnknownDeploymentIsRefused() {
        assertThatThrownBy(() -> store.finish(999_999, DeployState.SUCCEEDED, 0, null, null, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listFiltersByEnvironmentServiceSinceAndLimitNewestFirst() {
        long p1 = store.start(draft("prod", "api", T0));
        long s1 = store.start(draft("staging", "api", T0.plusSeconds(10)));
        long p2 = store.start(draft("prod", "web", T0.plusSeconds(20)));
        long p3 = store.start(draft("prod", "api", T0.plusSeconds(30)));
        long p4 = store.start(draft("prod", "api", T0.plusSeconds(30)));

        assertThat(ids(store.list(null, null, null, 0))).containsExactly(p4, p3, p2, s1, p1);
        assertThat(ids(store.list("prod", null, null, 0))).containsExactly(p4, p3, p2, p1);
        assertThat(ids(store.list(null, "api", null, 0))).containsExactly(p4, p3, s1, p1);
        assertThat(ids(store.list("prod", "api", null, 0))).containsExactly(p4, p3, p1);
        assertThat(ids(store.list(null, null, T0.plusSeconds(20), 0))).containsExactly(p4, p3, p2);
        assertThat(ids(store.list("prod", "api", T0.plusSeconds(1), 0))).containsExactly(p4, p3);
        assertThat(ids(store.list(null, null, null, 2))).containsExactly(p4, p3);
        assertThat(store.list("dev", null, null, 0)).isEmpty();
    }

    @Test
    void lastSucceededIsTheNewestSuccessOfThatService() {
        assertThat(store.lastSucceeded("prod", "api")).isEmpty();
        long good1 = store.start(draft("prod", "api", T0));
        store.finish(good1, DeployState.SUCCEEDED, 0, null, 2L, T0.plusSeconds(1));
        long good2 = store.start(draft("prod", "api", T0.plusSeconds(10)));
        store.finish(good2, DeployState.SUCCEEDED, 0, null, 3L, T0.plusSeconds(11));
        long bad = store.start(draft("prod", "api", T0.plusSeconds(20)));
        store.finish(bad, DeployState.ROLLED_BACK, 4, "unhealthy", 5L, T0.plusSeconds(21));
        long other = store.start(draft("prod", "web", T0.plusSeconds(30)));
        store.finish(other, DeployState.SUCCEEDED, 0, null, 1L, T0.plusSeconds(31));
        store.start(draft("prod", "api", T0.plusSeconds(40)));

        assertThat(store.lastSucceeded("prod", "api").map(Deployment::id)).contains(good2);
        assertThat(store.lastSucceeded("staging", "api")).isEmpty();
    }

    private long finished(String env, DeployKind kind, DeployState state, int exit, Instant started) {
        Deployment d = draft(env, "api", started);
        long id = store.start(new Deployment(0, d.environment(), d.service(), kind, d.state(), d.actor(), d.reason(), d.fromImage(),
                d.toImage(), d.fromSpecFingerprint(), d.toSpecFingerprint(), d.requestedSpecJson(), d.previousSpecJson(),
                d.swarmVersionBefore(), null, started, null, null, null, false));
        store.finish(id, state, exit, null, 2L, started.plusSeconds(5));
        return id;
    }

    @Test
    void aDrillIsNeverTheLastSuccessToRollBackTo() {
        long good = finished("staging", DeployKind.DEPLOY, DeployState.SUCCEEDED, 0, T0);
        // a drill never ends SUCCEEDED; even a row that says so (a bug, a hand edit) is not a spec to go back to
        finished("staging", DeployKind.DRILL, DeployState.SUCCEEDED, 0, T0.plusSeconds(10));
        finished("staging", DeployKind.DRILL, DeployState.ROLLED_BACK, 0, T0.plusSeconds(20));
        assertThat(store.lastSucceeded("staging", "api").map(Deployment::id)).contains(good);
        assertThat(store.get(good + 2).orElseThrow().kind()).isEqualTo(DeployKind.DRILL);
    }

    @Test
    void rollbackProofIsTheNewestPassedDrillOrAutomaticRollbackInTheWindow() {
        Instant since = T0.plusSeconds(100);
        assertThat(store.lastRollbackProof("staging", since)).isEmpty();
        finished("staging", DeployKind.DRILL, DeployState.ROLLED_BACK, 0, T0); // finished before the window
        finished("staging", DeployKind.DEPLOY, DeployState.SUCCEEDED, 0, T0.plusSeconds(100));
        finished("staging", DeployKind.DRILL, DeployState.ROLLED_BACK, 1, T0.plusSeconds(110)); // undetected: no proof
        finished("staging", DeployKind.DRILL, DeployState.ROLLBACK_FAILED, 5, T0.plusSeconds(120));
        finished("staging", DeployKind.ROLLBACK, DeployState.ROLLED_BACK, 4, T0.plusSeconds(125)); // a manual rollback's own failure
        finished("prod", DeployKind.DRILL, DeployState.ROLLED_BACK, 0, T0.plusSeconds(130)); // another environment
        assertThat(store.lastRollbackProof("staging", since)).isEmpty();

        long drill = finished("staging", DeployKind.DRILL, DeployState.ROLLED_BACK, 0, T0.plusSeconds(140));
        assertThat(store.lastRollbackProof("staging", since).map(Deployment::id)).contains(drill);
        long auto = finished("staging", DeployKind.DEPLOY, DeployState.ROLLED_BACK, 4, T0.plusSeconds(150));
        assertThat(store.lastRollbackProof("staging", since).map(Deployment::id)).contains(auto);
        long emergency = finished("staging", DeployKind.EMERGENCY, DeployState.ROLLED_BACK, 4, T0.plusSeconds(160));
        assertThat(store.lastRollbackProof("staging", since).map(Deployment::id)).contains(emergency);
        assertThat(store.lastRollbackProof("staging", T0.plusSeconds(166))).as("finished at +165 s").isEmpty();
        assertThat(store.lastRollbackProof("prod", since).map(Deployment::kind)).contains(DeployKind.DRILL);
    }

    @Test
    void runningListsOnlyUnfinishedDeploymentsOldestFirst() {
        long a = store.start(draft("prod", "api", T0.plusSeconds(5)));
        long b = store.start(draft("prod", "web", T0));
        long c = store.start(draft("prod", "db", T0.plusSeconds(9)));
        store.finish(c, DeployState.INTERRUPTED, 5, "recovered after a crash", null, T0.plusSeconds(60));

        assertThat(ids(store.running())).containsExactly(b, a);
    }

    @Test
    void reopeningKeepsDataAndMigratesNothingTwice() throws SQLException {
        long id = store.start(draft("prod", "api", T0));
        store.close();
        store = open(Clock.systemUTC());
        store.close();
        store = open(Clock.systemUTC());

        assertThat(store.get(id)).isPresent();
        try (Connection c = rawConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*), min(version), sum(CASE WHEN success THEN 1 ELSE 0 END) "
                        + "FROM flyway_schema_history WHERE version IS NOT NULL")) {
            rs.next();
            int migrations = rs.getInt(1);
            assertThat(migrations).as("one row per migration, applied once").isGreaterThanOrEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("1");
            assertThat(rs.getInt(3)).isEqualTo(migrations);
        }
    }

    @Test
    void secretEnvironmentValuesNeverReachAnyRow() throws SQLException {
        String planted = "pl4nted-S3cret-" + Long.toHexString(System.nanoTime());
        String spec = "{\"Name\":\"api\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"acme/api:1.2\",\"Env\":["
                + "\"DATABASE_PASSWORD=" + planted + "\",\"STRIPE_API_KEY=" + planted + "\",\"LOG_LEVEL=debug\"]}},"
                + "\"environment\":{\"JWT_SECRET\":\"" + planted + "\",\"PORT\":\"8080\"}}";
        long id = store.start(new Deployment(0, "prod", "api", DeployKind.DEPLOY, null, "ci", "release", "acme/api:1.1",
                "acme/api:1.2", "a", "b", spec, spec, 1L, null, T0, null, null, null, false));

        store.event(new DeployEvent(id, T0, "update", "docker refused env DATABASE_PASSWORD=" + planted + " LOG_LEVEL=debug"));
        store.gate(new GateResult(id, T0, "http", "task-1", false, "body: 'token=" + planted + "'"));
        store.taskFailure(new TaskFailure(id, "task-1", "starting container: API_KEY=" + planted + ": bad value", 2, T0));
        store.finish(id, DeployState.ROLLED_BACK, 4, "JWT_SECRET=" + planted, null, T0.plusSeconds(1));

        assertThat(store.events(id).get(0).message()).doesNotContain(planted).contains("DATABASE_PASSWORD=pl4n…(")
                .endsWith("LOG_LEVEL=debug");
        assertThat(store.failures(id).get(0).error()).isEqualTo("starting container: API_KEY="
                + dev.zerofail.core.Masking.mask(planted + ":") + " bad value");
        Deployment stored = store.get(id).orElseThrow();
        assertThat(stored.error()).doesNotContain(planted).startsWith("JWT_SECRET=pl4n…(");
        assertThat(stored.requestedSpecJson()).doesNotContain(planted).contains("LOG_LEVEL=debug")
                .contains("\"PORT\":\"8080\"").contains("DATABASE_PASSWORD=pl4n…(");
        assertThat(stored.previousSpecJson()).doesNotContain(planted);
        try (Connection c = rawConnection()) {
            List<String> cells = everyCell(c);
            assertThat(cells).as("cells read back").anyMatch(v -> v.contains("LOG_LEVEL=debug"));
            assertThat(cells).noneMatch(v -> v.contains(planted));
        }
    }

    @Test
    void secondOwnerFailsFastNamingTheHolder() {
        long id = store.start(draft("prod", "api", T0));
        try (HistoryStore.DeployLock lock = store.lock("prod", "api", "alice@ci-1", Duration.ZERO)) {
            assertThat(lock.holder()).isEqualTo("alice@ci-1");
            assertThatThrownBy(() -> store.lock("prod", "api", "bob@laptop", Duration.ZERO))
                    .isInstanceOfSatisfying(ZerofailException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("held by alice@ci-1 since 20")
                                .contains("(deployment " + id + ")");
                    });
            try (HistoryStore.DeployLock other = store.lock("prod", "web", "bob@laptop", Duration.ZERO);
                    HistoryStore.DeployLock staging = store.lock("staging", "api", "bob@laptop", Duration.ZERO)) {
                assertThat(other.holder()).as("other services and environments have their own lock").isEqualTo("bob@laptop");
            }
        }
        try (HistoryStore.DeployLock again = store.lock("prod", "api", "bob@laptop", Duration.ZERO)) {
            assertThat(again.holder()).isEqualTo("bob@laptop");
        }
    }

    @Test
    void waitingAcquiresOnceTheHolderReleases() throws Exception {
        HistoryStore.DeployLock first = store.lock("prod", "api", "alice", Duration.ZERO);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Thread> waiter = new AtomicReference<>();
            Future<String> second = pool.submit(() -> {
                waiter.set(Thread.currentThread());
                try (HistoryStore.DeployLock l = store.lock("prod", "api", "bob", Duration.ofSeconds(60))) {
                    return l.holder();
                }
            });
            Await.until("bob to find the lock held and wait for it", Duration.ofSeconds(30),
                    () -> waiter.get() != null && sleepsInLock(waiter.get()));
            assertThat(second).as("still waiting while alice holds it").isNotDone();
            first.close();
            assertThat(second.get(60, TimeUnit.SECONDS)).isEqualTo("bob");
        } finally {
            first.close();
            pool.shutdownNow();
        }
    }

    /** True while {@code t} sleeps between two attempts inside this store's lock(): it tried, found the lock held, and waits. */
    private boolean sleepsInLock(Thread t) {
        if (t.getState() != Thread.State.TIMED_WAITING) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        int i = 0;
        while (i < stack.length && stack[i].getClassName().equals(Thread.class.getName())) {
            i++;
        }
        return i > 0 && stack[0].getMethodName().startsWith("sleep") && i < stack.length
                && stack[i].getClassName().equals(store.getClass().getName()) && stack[i].getMethodName().equals("lock");
    }

    @Test
    void waitingGivesUpAtTheDeadline() {
        try (HistoryStore.DeployLock held = store.lock("prod", "api", "alice", Duration.ZERO)) {
            assertThatThrownBy(() -> store.lock("prod", "api", "bob", Duration.ofMillis(300)))
                    .isInstanceOf(ZerofailException.class).hasMessageContaining("held by alice")
                    .hasMessageContaining("not released within");
        }
    }

    @Test
    void aSecondMachineCannotTakeAHeldLock() {
        try (HistoryStore other = open(Clock.systemUTC());
                HistoryStore.DeployLock held = store.lock("prod", "api", "machine-a", Duration.ZERO)) {
            assertThatThrownBy(() -> other.lock("prod", "api", "machine-b", Duration.ZERO))
                    .isInstanceOf(ZerofailException.class).hasMessageContaining("held by machine-a");
            held.close();
            try (HistoryStore.DeployLock mine = other.lock("prod", "api", "machine-b", Duration.ZERO)) {
                assertThatThrownBy(() -> store.lock("prod", "api", "machine-a", Duration.ZERO))
                        .isInstanceOf(ZerofailException.class).hasMessageContaining("held by machine-b");
            }
        }
    }

    @Test
    void concurrentHoldersNeverOverlap() throws Exception {
        int threads = 6;
        int rounds = 5;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (HistoryStore second = open(Clock.systemUTC())) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HistoryStore s = t % 2 == 0 ? store : second;
                String owner = "worker-" + t;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        try (HistoryStore.DeployLock l = s.lock("prod", "api", owner, Duration.ofSeconds(60))) {
                            int now = inside.incrementAndGet();
                            maxInside.accumulateAndGet(now, Math::max);
                            acquired.incrementAndGet();
                            Thread.sleep(5);
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(acquired.get()).isEqualTo(threads * rounds);
        assertThat(maxInside.get()).isEqualTo(1);
    }

    protected static Instant ms(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    protected static Clock fixed(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    private static List<Long> ids(List<Deployment> ds) {
        return ds.stream().map(Deployment::id).toList();
    }

    /** Every column of every table of the store, as text, read with plain JDBC. */
    protected List<String> everyCell(Connection c) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        assertThat(tables).contains("deployments", "deploy_events", "gate_results", "task_failures", "deploy_locks");
        List<String> cells = new ArrayList<>();
        for (String table : tables) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        String v = rs.getString(i);
                        if (v != null) {
                            cells.add(v);
                        }
                    }
                }
            }
        }
        return cells;
    }
}
