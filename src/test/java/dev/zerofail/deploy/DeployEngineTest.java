package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ThisProcess;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import dev.zerofail.history.TaskFailure;
import dev.zerofail.secrets.SecretSpec;
import dev.zerofail.secrets.SecretStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy engine (Deployer, RolloutWatch, Rollback, Recovery) against {@link FakeSwarm} on
 * simulated time, with the real SQLite history store in a temporary directory: no Docker, and a
 * rollout of minutes takes milliseconds. The same behaviours on a real Swarm: DeployIT,
 * DeployRecoveryIT.
 */
class DeployEngineTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String V1 = "acme/api:1";
    private static final String V2 = "acme/api:2";

    @TempDir
    Path dir;

    private final FakeTime time = new FakeTime(T0);
    private final FakeSwarm swarm = new FakeSwarm(time);
    private final List<String> progress = new ArrayList<>();
    private final List<HistoryStore> stores = new ArrayList<>();
    private HistoryStore store;

    @AfterEach
    void close() {
        stores.forEach(HistoryStore::close);
    }

    // ------------------------------------------------------------------ set-up

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("history.db");
    }

    private HistoryStore store(Clock clock) {
        HistoryStore s = JdbcHistoryStore.open(url(), null, null, clock, JdbcHistoryStore.DEFAULT_LEASE);
        stores.add(s);
        return s;
    }

    /** A one-service stack; host ports make Swarm update stop-first (the old task is gone before the new starts). */
    private DeployContext context(int replicas, boolean hostPorts, List<DeployConfig.FreezeWindow> freeze, List<SecretSpec> manifest,
            SecretStore secrets) throws IOException {
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, "services:\n  api:\n    image: " + V1 + "\n    deploy:\n      replicas: " + replicas + "\n"
                + "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 1s\n"
                + (hostPorts ? "    ports:\n      - target: 8080\n        published: 8080\n        mode: host\n" : ""));
        DeployConfig.Environment env = new DeployConfig.Environment("prod", "acme", List.of(compose), null, null, false, freeze,
                Map.of(), "zerofail.yaml:2");
        if (store == null) {
            store = store(Clock.systemUTC());
        }
        return new DeployContext(env, ComposeLoader.load(List.of(compose), Map.of()).model(), dir, manifest, secrets, store, swarm,
                time, time, progress::add);
    }

    private DeployContext context(int replicas, boolean hostPorts) throws IOException {
        return context(replicas, hostPorts, List.of(), List.of(), null);
    }

    private static Deployer.Request image(String image) {
        return new Deployer.Request("api", image, null, Duration.ZERO, "alice", "test", false);
    }

    private static DeployOutcome.ServiceOutcome only(DeployOutcome o) {
        assertThat(o.services()).hasSize(1);
        return o.services().get(0);
    }

    private List<String> phases(long id) {
        return store.events(id).stream().map(DeployEvent::phase).toList();
    }

    private long updatesSent() {
        return swarm.log.stream().filter(l -> l.startsWith("update ") || l.startsWith("create ")).count();
    }

    /** A deploy of V1 that succeeded: the recorded good spec later rollbacks go back to. */
    private DeployContext deployedV1(int replicas, boolean hostPorts) throws IOException {
        DeployContext ctx = context(replicas, hostPorts);
        DeployOutcome.ServiceOutcome first = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(first.state()).as(String.join("\n", progress)).isEqualTo(DeployState.SUCCEEDED);
        return ctx;
    }

    private String runningImage() {
        return swarm.service("acme_api").orElseThrow().image();
    }

    /** Images of the tasks Swarm wants running and that run. */
    private List<String> liveImages() {
        return swarm.tasksOf("acme_api").stream().filter(t -> t.desired.equals("running") && t.state.equals("running"))
                .map(FakeSwarm.Task::image).toList();
    }

    // ------------------------------------------------------------------ success, no-op, pre-flight

    @Test
    void aFirstDeployCreatesTheServiceAndIsVerifiedByItsTasks() throws IOException {
        DeployContext ctx = context(1, false);
        DeployOutcome o = new Deployer(ctx).deploy(image(V1));
        DeployOutcome.ServiceOutcome s = only(o);
        assertThat(s.state()).isEqualTo(DeployState.SUCCEEDED);
        assertThat(o.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(swarm.log).contains("create acme_api");
        assertThat(s.gates()).filteredOn(g -> g.gate().equals("container-health")).singleElement()
                .satisfies(g -> assertThat(g.passed()).isTrue());
        assertThat(s.phasesMs()).containsKeys("started", "preflight", "locked", "updating", "verified");
        // verified only after the 10 s monitor window (simulated)
        assertThat(s.phasesMs().get("verified") - s.phasesMs().get("updating")).isGreaterThanOrEqualTo(10_000);
        assertThat(phases(s.deploymentId())).containsSubsequence("started", "updating", "deploy-healthy", "succeeded");
        assertThat(store.get(s.deploymentId()).orElseThrow().state()).isEqualTo(DeployState.SUCCEEDED);
    }

    @Test
    void anUnchangedSpecIsANoopThatSendsNothing() throws IOException {
        DeployContext ctx = deployedV1(1, false);
        long sent = updatesSent();
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(s.state()).isEqualTo(DeployState.NOOP);
        assertThat(s.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(updatesSent()).isEqualTo(sent);
        assertThat(phases(s.deploymentId())).contains("noop");
    }

    @Test
    void anActiveFreezeWindowStopsTheDeployBeforeAnythingChanges() throws IOException {
        DeployContext ctx = context(1, false, List.of(new DeployConfig.FreezeWindow(T0.minusSeconds(3600), T0.plusSeconds(3600),
                "xmas")), List.of(), null);
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(s.state()).isEqualTo(DeployState.FAILED_PREFLIGHT);
        assertThat(s.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(s.message()).contains("preflight.freeze").contains("xmas");
        assertThat(updatesSent()).isZero();
    }

    @Test
    void anUnpinnedImageStopsTheDeploy() throws IOException {
        DeployContext ctx = context(1, false);
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image("acme/api:latest")));
        assertThat(s.state()).isEqualTo(DeployState.FAILED_PREFLIGHT);
        assertThat(s.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(s.message()).contains("preflight.image").contains("not pinned");
        assertThat(updatesSent()).isZero();
    }

    @Test
    void aRequiredSecretMissingInSwarmStopsTheDeploy() throws IOException {
        SecretSpec db = new SecretSpec("DB_PASSWORD", null, null, null, null, List.of("prod"), true, null, null, List.of("api"),
                "zerofail.yaml:9");
        DeployContext ctx = context(1, false, List.of(), List.of(db), emptySwarmSecrets());
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(s.state()).isEqualTo(DeployState.FAILED_PREFLIGHT);
        assertThat(s.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(s.message()).contains("missing in Swarm: [DB_PASSWORD]");
        assertThat(updatesSent()).isZero();
    }

    @Test
    void aLockHeldByAnotherDeployIsExit3AndNothingChanges() throws IOException {
        DeployContext ctx = context(1, false);
        try (HistoryStore.DeployLock other = store(Clock.systemUTC()).lock("prod", "api", "bob@ci-7", Duration.ZERO)) {
            DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V1)));
            assertThat(s.state()).isEqualTo(DeployState.FAILED_PREFLIGHT);
            assertThat(s.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
            assertThat(s.message()).contains("held by bob@ci-7");
            assertThat(s.gates()).filteredOn(g -> g.gate().equals("preflight.lock")).singleElement()
                    .satisfies(g -> assertThat(g.passed()).isFalse());
        }
        assertThat(updatesSent()).isZero();
    }

    /**
     * A holder that stopped renewing (stalled or killed on another machine) keeps the lock until
     * its lease ends, and loses it then: before, exit 3; after, the next deploy takes it over.
     */
    @Test
    void aLostLeaseIsTakenOverOnlyAfterItEnds() throws IOException {
        store = store(time); // lease expiry on the simulated clock
        DeployContext ctx = context(1, false);
        // a holder whose clock stopped at T0: its renewals keep writing T0 + 30 s, like a process that stalled there
        HistoryStore stalled = store(Clock.fixed(T0, ZoneOffset.UTC));
        HistoryStore.DeployLock lost = stalled.lock("prod", "api", "stalled@ci-9", Duration.ZERO);
        time.advance(Duration.ofSeconds(29));
        DeployOutcome.ServiceOutcome early = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(early.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
        assertThat(early.message()).contains("held by stalled@ci-9");
        time.advance(Duration.ofSeconds(2));
        DeployOutcome.ServiceOutcome late = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(late.state()).as(String.join("\n", progress)).isEqualTo(DeployState.SUCCEEDED);
        assertThat(late.gates()).filteredOn(g -> g.gate().equals("preflight.lock")).singleElement()
                .satisfies(g -> assertThat(g.detail()).contains("held by alice"));
        lost.close(); // the stalled holder's release must not touch a lock it no longer has
        try (HistoryStore.DeployLock next = store.lock("prod", "api", "carol", Duration.ZERO)) {
            assertThat(next.holder()).isEqualTo("carol");
        }
    }

    // ------------------------------------------------------------------ failure and rollback

    @Test
    void aFailingDeployIsRolledBackToTheLastGoodSpecAndExits4() throws IOException {
        DeployContext ctx = deployedV1(1, false);
        swarm.image(V2).unhealthyAfter(Duration.ofSeconds(2));
        DeployOutcome o = new Deployer(ctx).deploy(image(V2));
        DeployOutcome.ServiceOutcome s = only(o);
        assertThat(s.state()).as(String.join("\n", progress)).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(o.exitCode()).isEqualTo(ExitCode.ROLLED_BACK);
        assertThat(s.message()).contains("container-health").contains("unhealthy");
        assertThat(s.failures()).extracting(TaskFailure::taskId).isNotEmpty();
        assertThat(runningImage()).isEqualTo(V1);
        assertThat(liveImages()).containsExactly(V1);
        assertThat(phases(s.deploymentId())).containsSubsequence("updating", "rollback-started", "rolled-back");
        assertThat(s.phasesMs()).containsKeys("failed", "rollback-started", "rolled-back");
        // start-first: the old task never stopped, so the rollback only had to stop the new one
        assertThat(swarm.tasksOf("acme_api")).as(String.join("\n", swarm.log)).filteredOn(t -> t.image().equals(V1)).hasSize(1);
    }

    @Test
    void aTaskThatExitsIsRecordedWithItsExitCode() throws IOException {
        DeployContext ctx = deployedV1(1, false);
        swarm.image(V2).noHealthcheck().exitsAfter(Duration.ofSeconds(3), 3);
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V2)));
        assertThat(s.state()).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(s.failures()).extracting(TaskFailure::exitCode).contains(3);
        assertThat(s.message()).contains("task-exit");
    }

    @Test
    void aRollbackWhoseOldVersionNeverComesBackIsExit5() throws IOException {
        DeployContext ctx = deployedV1(1, true);
        swarm.image(V2).unhealthyAfter(Duration.ofSeconds(1));
        swarm.image(V1).rejectNext(100, "no suitable node (host-mode port already in use)");
        DeployOutcome o = new Deployer(ctx).deploy(image(V2));
        DeployOutcome.ServiceOutcome s = only(o);
        assertThat(s.state()).as(String.join("\n", progress)).isEqualTo(DeployState.ROLLBACK_FAILED);
        assertThat(o.exitCode()).isEqualTo(ExitCode.ROLLBACK_FAILED);
        assertThat(s.message()).contains("rollback failed");
        assertThat(s.runningNow().swarmName()).isEqualTo("acme_api");
        assertThat(s.runningNow().image()).isEqualTo(V1);
        assertThat(swarm.log).filteredOn(l -> l.startsWith("update acme_api " + V1)).hasSize(Rollback.ATTEMPTS);
        assertThat(phases(s.deploymentId())).contains("rollback-retry", "rollback-failed");
        assertThat(store.get(s.deploymentId()).orElseThrow().exitCode()).isEqualTo(5);
    }

    @Test
    void aRollbackThatSwarmPausesIsSentAgainWithAForcedUpdate() throws IOException {
        DeployContext ctx = deployedV1(1, true);
        swarm.image(V2).unhealthyAfter(Duration.ofSeconds(1));
        swarm.image(V1).rejectNext(1, "port 8080 already in use");
        swarm.restartDelay = Duration.ofSeconds(5); // Swarm's restart comes too late to save the paused rollback
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V2)));
        assertThat(s.state()).as(String.join("\n", progress)).isEqualTo(DeployState.ROLLED_BACK);
        List<String> rollbacks = swarm.log.stream().filter(l -> l.startsWith("update acme_api " + V1)).toList();
        assertThat(rollbacks).hasSize(2);
        assertThat(rollbacks.get(1)).as("the retry forces Swarm to replace the tasks").isNotEqualTo(rollbacks.get(0));
        assertThat(phases(s.deploymentId())).containsSubsequence("rollback-started", "rollback-retry", "rolled-back");
        assertThat(liveImages()).containsExactly(V1);
    }

    @Test
    void swarmsRestartRacingTheRollbackDoesNotEndIt() throws IOException {
        DeployContext ctx = deployedV1(1, true);
        swarm.image(V2).unhealthyAfter(Duration.ofSeconds(1));
        swarm.image(V1).rejectNext(1, "port 8080 already in use");
        swarm.restartDelay = Duration.ofMillis(100); // Swarm restarts the rejected task while its update is paused
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V2)));
        assertThat(s.state()).as(String.join("\n", progress)).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(swarm.log).filteredOn(l -> l.startsWith("update acme_api " + V1)).hasSize(1);
        assertThat(swarm.log).anyMatch(l -> l.startsWith("pause acme_api"));
        assertThat(phases(s.deploymentId())).doesNotContain("rollback-retry");
        // the rejected rollback task is on record, yet the watch went on to the restarted one
        assertThat(s.gates()).anyMatch(g -> !g.passed() && g.detail().contains("rejected"));
        assertThat(liveImages()).containsExactly(V1);
    }

    /** One HTTP check, every 250 ms, 3 wrong answers fail, 2 good ones pass; no monitor window. */
    private static DeployConfig.Health httpCheck() {
        return new DeployConfig.Health(List.of(new DeployConfig.HttpCheck("http://127.0.0.1:8080/health", 200, "ok",
                Duration.ofSeconds(2), Duration.ofMillis(250), 3, 2, Duration.ZERO)), null, Duration.ofSeconds(60), Duration.ZERO);
    }

    private RolloutWatch.Result watchWith(FakeHttp http) {
        return new RolloutWatch(swarm, http, new Recorder(null, 0, time, Progress.NONE, "api"), time, time)
                .watch("acme_api", httpCheck(), Duration.ZERO, 1, "verify");
    }

    @Test
    void theHttpGateSendsOnItsOwnIntervalAndPassesAsSoonAsItsSecondAnswerIsIn() throws IOException {
        deployedV1(1, false);
        FakeHttp http = new FakeHttp(time, () -> 200);
        Instant start = time.instant();
        RolloutWatch.Result res = watchWith(http);
        assertThat(res.ok()).as(String.valueOf(res.failure())).isTrue();
        // the second request 250 ms after the first, not at the next 150 ms poll (300 ms), and its answer
        // read within a step, not at the poll after that (450 ms)
        assertThat(http.sentAt).containsExactly(start, start.plusMillis(250));
        assertThat(time.instant()).isEqualTo(start.plusMillis(250).plus(RolloutWatch.ANSWER_STEP));
    }

    @Test
    void theHttpGateFailsATaskAsSoonAsItsLastRetryIsAnswered() throws IOException {
        deployedV1(1, false);
        FakeHttp http = new FakeHttp(time, () -> 404);
        Instant start = time.instant();
        RolloutWatch.Result res = watchWith(http);
        assertThat(res.ok()).isFalse();
        assertThat(res.failure().gate()).isEqualTo("http");
        assertThat(res.failure().reason()).contains("status 404");
        assertThat(http.sentAt).containsExactly(start, start.plusMillis(250), start.plusMillis(500));
        assertThat(time.instant()).isEqualTo(start.plusMillis(500).plus(RolloutWatch.ANSWER_STEP));
    }

    @Test
    void aRollbackEndsOnlyWhenSwarmHasMarkedTheTaskThatLostItsPort() throws IOException {
        deployedV1(1, true);
        // Swarm's restart and its updater both start a V1 task for slot 1: the second finds the port taken and
        // exits 1, and Swarm's task list goes on calling it running for a while (DeployRecoveryIT on a real Swarm)
        swarm.image(V1).exitNext(1, 1);
        swarm.failureReportLag = Duration.ofSeconds(3);
        swarm.duplicateInSlot("acme_api", 1);
        time.advance(Duration.ofSeconds(1));
        String id = swarm.service("acme_api").orElseThrow().id();
        RolloutWatch.Result res = new RolloutWatch(swarm, null, new Recorder(null, 0, time, Progress.NONE, "api"), time, time)
                .tolerant().watch("acme_api", DeployConfig.Health.DEFAULT, Duration.ZERO, 1, "rollback",
                        RolloutWatch.snapshot(swarm, "acme_api"));
        assertThat(res.ok()).as(String.valueOf(res.failure())).isTrue();
        // what the next command (verify) judges: no task Swarm calls live whose container is gone
        assertThat(swarm.tasks(id)).filteredOn(t -> t.desiredState().equals("running") && !t.terminal()).hasSize(1)
                .allSatisfy(t -> assertThat(swarm.container(t.containerId()).exitCode()).as(t.id()).isNull());
        assertThat(new Inspector(context(1, true)).verify("api")).allMatch(Inspector.Check::passed);
    }

    @Test
    void aTaskSwarmHasYetToStartIsNotTakenForOneThatIsOver() throws IOException {
        deployedV1(1, true);
        // stop-first: Swarm creates the next task with desired state "ready" and starts it once the old one stopped;
        // a rollback sent again meanwhile must still watch it (DeployRecoveryIT: it won the port and was ignored)
        FakeSwarm.Task ready = swarm.duplicateInSlot("acme_api", 1);
        ready.desired = "ready";
        FakeSwarm.Task stopping = swarm.duplicateInSlot("acme_api", 1);
        stopping.desired = "shutdown";
        assertThat(RolloutWatch.snapshot(swarm, "acme_api").finished()).contains(stopping.id).doesNotContain(ready.id);
    }

    @Test
    void dockerGoingAwayMidRolloutLeavesTheRecordRunningForRecovery() throws IOException {
        DeployContext ctx = deployedV1(1, false);
        swarm.killAt(FakeSwarm.Stage.DOWN_AFTER_UPDATE);
        assertThatThrownBy(() -> new Deployer(ctx).deploy(image(V2))).isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
        assertThat(store.running()).singleElement().satisfies(d -> assertThat(d.toImage()).isEqualTo(V2));
        assertThat(progress).anyMatch(l -> l.contains("lost track of the rollout"));
    }

    @Test
    void anUnreachableDaemonIsExit3BeforeAnythingIsRecorded() throws IOException {
        DeployContext ctx = deployedV1(1, false);
        swarm.down(true);
        assertThatThrownBy(() -> new Deployer(ctx).deploy(image(V2))).isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE));
        assertThat(store.list("prod", "api", null, 0)).hasSize(1);
        assertThat(updatesSent()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ two replicas, in order

    @Test
    void theSecondReplicaIsTouchedOnlyAfterTheFirstPassedTheGate() throws IOException {
        DeployContext ctx = deployedV1(2, false);
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V2)));
        assertThat(s.state()).as(String.join("\n", progress)).isEqualTo(DeployState.SUCCEEDED);
        List<FakeSwarm.Task> v2 = swarm.tasksOf("acme_api").stream().filter(t -> t.image().equals(V2)).toList();
        assertThat(v2).extracting(t -> t.slot).containsExactly(1, 2);
        Instant firstPassed = s.gates().stream().filter(g -> g.passed() && g.gate().equals("container-health")
                && g.target().equals(v2.get(0).id)).map(GateResult::at).findFirst().orElseThrow();
        assertThat(v2.get(1).created).as("replica 2 created after replica 1 passed").isAfterOrEqualTo(firstPassed);
        assertThat(liveImages()).containsExactly(V2, V2);
    }

    @Test
    void aFailingFirstReplicaLeavesTheSecondUntouched() throws IOException {
        DeployContext ctx = deployedV1(2, false);
        swarm.image(V2).unhealthyAfter(Duration.ofSeconds(2));
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V2)));
        assertThat(s.state()).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(swarm.tasksOf("acme_api")).filteredOn(t -> t.image().equals(V2)).extracting(t -> t.slot).containsOnly(1);
        assertThat(swarm.tasksOf("acme_api")).filteredOn(t -> t.slot == 2).singleElement()
                .satisfies(t -> assertThat(t.image()).isEqualTo(V1));
        assertThat(liveImages()).containsExactly(V1, V1);
    }

    // ------------------------------------------------------------------ crash recovery

    /**
     * Runs a deploy of {@code image} that is killed (as with kill -9) at {@code stage}, then makes
     * the record look as the killed process left it: its first event names a pid that is gone, and
     * it still holds the lock (a lease of 30 s that nothing will release).
     */
    private long killedDeploy(DeployContext ctx, String image, FakeSwarm.Stage stage) throws Exception {
        swarm.killAt(stage);
        assertThatThrownBy(() -> new Deployer(ctx).deploy(image(image))).isInstanceOf(FakeSwarm.Killed.class);
        Deployment left = store.running().stream().filter(d -> image.equals(d.toImage())).findFirst().orElseThrow();
        long dead = deadPid();
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement ps = c.prepareStatement("UPDATE deploy_events SET message = replace(message, ?, ?) "
                        + "WHERE deployment_id = ?")) {
            ps.setString(1, "pid " + ThisProcess.pid() + " on");
            ps.setString(2, "pid " + dead + " on");
            ps.setLong(3, left.id());
            assertThat(ps.executeUpdate()).isPositive();
        }
        lockRow("killed (pid " + dead + ")", dead, ThisProcess.host(), Instant.now().plusSeconds(30));
        return left.id();
    }

    @Test
    void recoveryCompletesAKilledDeployWhoseSpecRunsHealthy() throws Exception {
        DeployContext ctx = deployedV1(1, false);
        long id = killedDeploy(ctx, V2, FakeSwarm.Stage.AFTER_UPDATE);
        List<DeployOutcome.ServiceOutcome> recovered = new Inspector(ctx).recover();
        assertThat(recovered).singleElement().satisfies(r -> {
            assertThat(r.deploymentId()).isEqualTo(id);
            assertThat(r.state()).isEqualTo(DeployState.SUCCEEDED);
        });
        assertThat(store.running()).isEmpty();
        assertThat(phases(id)).containsSubsequence("updating", "recovering", "succeeded");
        assertThat(liveImages()).containsExactly(V2);
        assertThat(progress).anyMatch(l -> l.contains("left RUNNING by a process that is gone"));
    }

    @Test
    void recoveryRollsBackAKilledDeployWhoseSpecFails() throws Exception {
        DeployContext ctx = deployedV1(1, false);
        swarm.image(V2).unhealthyAfter(Duration.ofSeconds(2));
        long id = killedDeploy(ctx, V2, FakeSwarm.Stage.AFTER_UPDATE);
        List<DeployOutcome.ServiceOutcome> recovered = new Inspector(ctx).recover();
        assertThat(recovered).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(DeployState.ROLLED_BACK);
            assertThat(r.exitCode()).isEqualTo(ExitCode.ROLLED_BACK);
        });
        assertThat(store.get(id).orElseThrow().state()).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(runningImage()).isEqualTo(V1);
        assertThat(liveImages()).containsExactly(V1);
    }

    @Test
    void recoveryMarksADeployKilledBeforeTheUpdateAsInterrupted() throws Exception {
        DeployContext ctx = deployedV1(1, false);
        long id = killedDeploy(ctx, V2, FakeSwarm.Stage.BEFORE_UPDATE);
        long sent = updatesSent();
        DeployOutcome o = new Deployer(ctx).deploy(image(V1));
        assertThat(o.recovered()).singleElement().satisfies(r -> {
            assertThat(r.deploymentId()).isEqualTo(id);
            assertThat(r.state()).isEqualTo(DeployState.INTERRUPTED);
        });
        assertThat(only(o).state()).as("V1 still runs: the deploy after the recovery is a no-op").isEqualTo(DeployState.NOOP);
        assertThat(updatesSent()).isEqualTo(sent);
        assertThat(runningImage()).isEqualTo(V1);
    }

    @Test
    void aDeployStillRunningInALiveProcessIsLeftAlone() throws Exception {
        DeployContext ctx = deployedV1(1, false);
        swarm.killAt(FakeSwarm.Stage.AFTER_UPDATE);
        assertThatThrownBy(() -> new Deployer(ctx).deploy(image(V2))).isInstanceOf(FakeSwarm.Killed.class);
        // its first event names this very process, which is alive: not recovered, not touched
        assertThat(new Inspector(ctx).recover()).isEmpty();
        assertThat(store.running()).hasSize(1);
    }

    // ------------------------------------------------------------------ issue 13: a dead holder on this host

    @Test
    void aLockLeftByADeadProcessOfThisHostIsTakenOverAtOnce() throws Exception {
        DeployContext ctx = context(1, false);
        long dead = deadPid();
        lockRow("killed (pid " + dead + ")", dead, ThisProcess.host(), Instant.now().plusSeconds(30));
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(s.state()).as(String.join("\n", progress)).isEqualTo(DeployState.SUCCEEDED);
        assertThat(s.gates()).filteredOn(g -> g.gate().equals("preflight.lock")).singleElement()
                .satisfies(g -> assertThat(g.passed()).isTrue());
    }

    @Test
    void aLockOfALiveProcessIsNotTakenOver() throws Exception {
        DeployContext ctx = context(1, false);
        lockRow("alive (this test's pid)", ThisProcess.pid(), ThisProcess.host(), Instant.now().plusSeconds(30));
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(s.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
        assertThat(s.message()).contains("held by alive");
        assertThat(updatesSent()).isZero();
    }

    @Test
    void aLockOfAProcessOnAnotherHostWaitsForItsLease() throws Exception {
        DeployContext ctx = context(1, false);
        long dead = deadPid(); // dead here, but that pid means nothing on the other host
        lockRow("elsewhere", dead, "ci-runner-7", Instant.now().plusSeconds(30));
        DeployOutcome.ServiceOutcome s = only(new Deployer(ctx).deploy(image(V1)));
        assertThat(s.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
        assertThat(s.message()).contains("held by elsewhere");
        lockRow("elsewhere", dead, "ci-runner-7", Instant.now().minusSeconds(1));
        assertThat(only(new Deployer(ctx).deploy(image(V1))).state()).as("after its lease: taken over").isEqualTo(DeployState.SUCCEEDED);
    }

    // ------------------------------------------------------------------ helpers

    /** The pid of a process that has exited. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertThat(ThisProcess.alive(pid)).isFalse();
        return pid;
    }

    /** The lock row a holder left, as another process would have written it. */
    private void lockRow(String owner, long pid, String host, Instant leaseUntil) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement ps = c.prepareStatement("INSERT INTO deploy_locks (environment, service, owner, token, "
                        + "acquired_at_ms, lease_until_ms, pid, host) VALUES ('prod', 'api', ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (environment, service) DO UPDATE SET owner = excluded.owner, token = excluded.token, "
                        + "lease_until_ms = excluded.lease_until_ms, pid = excluded.pid, host = excluded.host")) {
            ps.setString(1, owner);
            ps.setString(2, "token-" + owner);
            ps.setLong(3, Instant.now().toEpochMilli());
            ps.setLong(4, leaseUntil.toEpochMilli());
            ps.setLong(5, pid);
            ps.setString(6, host);
            ps.executeUpdate();
        }
    }

    private static SecretStore emptySwarmSecrets() {
        return new SecretStore() {
            public String kind() {
                return "swarm";
            }

            public String describe() {
                return "fake swarm secrets";
            }

            public KeyBy keyBy() {
                return KeyBy.NAME;
            }

            public boolean readsValues() {
                return false;
            }

            public Map<String, Stored> read(Collection<String> keys) {
                return Map.of();
            }

            public void write(Map<String, String> set, Set<String> delete, Progress progress) {
                throw new UnsupportedOperationException("pre-flight never writes");
            }
        };
    }
}
