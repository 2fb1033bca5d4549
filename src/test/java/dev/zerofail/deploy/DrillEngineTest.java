package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ThisProcess;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DrillTimes;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy --drill} against {@link FakeSwarm} on simulated time, with the real SQLite store, in
 * the style of DeployEngineTest. The fake makes a task whose spec sets the drill's {@code exit 1}
 * healthcheck unhealthy after one probe interval, and reports that probe as its first failed one.
 * On a real Swarm: DrillIT.
 */
class DrillEngineTest {
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

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("history.db");
    }

    private DeployContext context(String envName, boolean healthcheck, boolean hostPorts) throws IOException {
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, "services:\n  api:\n    image: " + V1 + "\n    deploy:\n      replicas: 2\n"
                + (healthcheck ? "    healthcheck:\n      test: [\"CMD\", \"true\"]\n      interval: 1s\n" : "")
                + (hostPorts ? "    ports:\n      - target: 8080\n        published: 8080\n        mode: host\n" : ""));
        DeployConfig.Environment env = new DeployConfig.Environment(envName, "acme", List.of(compose), null, null, false, List.of(),
                Map.of(), "zerofail.yaml:2");
        if (store == null) {
            store = JdbcHistoryStore.open(url(), null, null, Clock.systemUTC(), JdbcHistoryStore.DEFAULT_LEASE);
            stores.add(store);
        }
        return new DeployContext(env, ComposeLoader.load(List.of(compose), Map.of()).model(), dir, List.of(), null, store, swarm,
                time, time, progress::add);
    }

    private static Deployer.Request req(String image) {
        return new Deployer.Request("api", image, null, Duration.ZERO, "alice", "drill test", false);
    }

    /** V1 deployed and verified in {@code envName}; returns the context. */
    private DeployContext deployed(String envName, boolean healthcheck, boolean hostPorts) throws IOException {
        if (!healthcheck) {
            swarm.image(V1).noHealthcheck();
        }
        DeployContext ctx = context(envName, healthcheck, hostPorts);
        DeployOutcome.ServiceOutcome first = new Deployer(ctx).deploy(req(V1)).services().get(0);
        assertThat(first.state()).as(String.join("\n", progress)).isEqualTo(DeployState.SUCCEEDED);
        return ctx;
    }

    private JsonNode template() {
        return swarm.service("acme_api").orElseThrow().spec().path("TaskTemplate");
    }

    private List<FakeSwarm.Task> liveTasks() {
        return swarm.tasksOf("acme_api").stream().filter(t -> t.desired.equals("running") && t.state.equals("running")).toList();
    }

    private long updatesSent() {
        return swarm.log.stream().filter(l -> l.startsWith("update ") || l.startsWith("create ")).count();
    }

    private Instant at(long id, String phase) {
        return store.events(id).stream().filter(e -> e.phase().equals(phase)).map(DeployEvent::at).findFirst().orElseThrow();
    }

    @Test
    void aDrillIsDetectedRestoresWhatRanBeforeAndExits0() throws IOException {
        DeployContext ctx = deployed("staging", true, false);
        JsonNode before = template().deepCopy();
        String fingerprint = swarm.service("acme_api").orElseThrow().label(Specs.FINGERPRINT_LABEL);
        long deployId = store.lastSucceeded("staging", "api").orElseThrow().id();

        DeployOutcome o = new Deployer(ctx).drill(req(null), false);

        DeployOutcome.ServiceOutcome s = o.services().get(0);
        assertThat(o.command()).isEqualTo("drill");
        assertThat(o.exitCode()).as(String.join("\n", progress)).isEqualTo(ExitCode.OK);
        assertThat(s.kind()).isEqualTo(DeployKind.DRILL);
        assertThat(s.state()).isEqualTo(DeployState.ROLLED_BACK);
        // the drill sent the current spec with only the healthcheck changed
        Deployment row = store.get(s.deploymentId()).orElseThrow();
        assertThat(row.kind()).isEqualTo(DeployKind.DRILL);
        assertThat(row.exitCode()).isZero();
        assertThat(row.toImage()).isEqualTo(V1).isEqualTo(row.fromImage());
        JsonNode sent = Specs.parse(row.requestedSpecJson()).path("TaskTemplate").path("ContainerSpec");
        assertThat(sent.path("Healthcheck").path("Test").toString()).isEqualTo("[\"CMD-SHELL\",\"exit 1\"]");
        assertThat(sent.path("Image").asText()).isEqualTo(V1);
        // restored: the spec from before the drill, its fingerprint label, two healthy replicas of it
        assertThat(template()).isEqualTo(before);
        assertThat(swarm.service("acme_api").orElseThrow().label(Specs.FINGERPRINT_LABEL)).isEqualTo(fingerprint);
        assertThat(liveTasks()).hasSize(2).allSatisfy(t -> assertThat(t.spec).isEqualTo(before));
        // figures: from the failing task's first failed probe (its start + the 1 s interval) to the rollback, and on
        FakeSwarm.Task failing = swarm.tasksOf("acme_api").stream().filter(t -> t.spec.path("ContainerSpec").has("Healthcheck")
                && t.spec.path("ContainerSpec").path("Healthcheck").path("Test").toString().contains("exit 1")).findFirst().orElseThrow();
        Instant probe = failing.startedAt.plus(Drills.PROBE_INTERVAL);
        DeployOutcome.Drill d = s.drill();
        assertThat(d.healthcheck()).isEqualTo(DeployOutcome.Drill.Healthcheck.REPLACED);
        assertThat(d.detectedBy()).isEqualTo("container-health");
        assertThat(d.firstFailedCheckAt()).isEqualTo(probe);
        assertThat(d.detectionMs()).isEqualTo(Duration.between(probe, at(s.deploymentId(), "rollback-started")).toMillis())
                .isLessThanOrEqualTo(RolloutWatch.POLL.toMillis());
        assertThat(d.restoreMs()).isEqualTo(Duration.between(at(s.deploymentId(), "rollback-started"),
                at(s.deploymentId(), "rolled-back")).toMillis());
        assertThat(DrillTimes.of(store.events(s.deploymentId())).detectionMs()).isEqualTo(d.detectionMs());
        // a drill is proof that rollback works, but never a spec to roll back to
        assertThat(store.lastRollbackProof("staging", T0.minus(Duration.ofDays(30)))).map(Deployment::id).contains(s.deploymentId());
        assertThat(store.lastRollbackProof("prod", T0.minus(Duration.ofDays(30)))).isEmpty();
        assertThat(store.lastSucceeded("staging", "api")).map(Deployment::id).contains(deployId);
        // and the next deploy of what runs is a no-op
        assertThat(new Deployer(ctx).deploy(req(V1)).services().get(0).state()).isEqualTo(DeployState.NOOP);
    }

    @Test
    void aServiceWithoutAHealthcheckGetsTheFailingOneAddedAndIsStillRestored() throws IOException {
        DeployContext ctx = deployed("staging", false, true);
        JsonNode before = template().deepCopy();
        assertThat(before.path("ContainerSpec").has("Healthcheck")).isFalse();

        DeployOutcome.ServiceOutcome s = new Deployer(ctx).drill(req(null), false).services().get(0);

        assertThat(s.exitCode()).as(String.join("\n", progress)).isEqualTo(ExitCode.OK);
        assertThat(s.drill().healthcheck()).isEqualTo(DeployOutcome.Drill.Healthcheck.ADDED);
        assertThat(template()).isEqualTo(before);
        assertThat(liveTasks()).hasSize(2);
        assertThat(s.drill().restoreMs()).as("stop-first: slot 1's old task was stopped and had to start again").isPositive();
    }

    @Test
    void aServiceReadBackFromSwarmOnTheHostNetworkIsDrilledStopFirstAsItWasDeployed() throws IOException {
        DeployContext ctx = context("staging", true, false);
        // as Swarm returns it: the host network under a swarm-scope ID the network list does not show
        swarm.existing(Specs.parse("{\"Name\":\"acme_api\",\"Labels\":{},\"Mode\":{\"Replicated\":{\"Replicas\":1}},"
                + "\"UpdateConfig\":{\"Parallelism\":1,\"Order\":\"stop-first\"},\"TaskTemplate\":{\"ContainerSpec\":"
                + "{\"Image\":\"" + V1 + "\"},\"Networks\":[{\"Target\":\"bviw7ysk5obj9vat82szo81ak\"}]}}"));

        DeployOutcome.ServiceOutcome s = new Deployer(ctx).drill(req(null), false).services().get(0);

        assertThat(s.exitCode()).as(String.join("\n", progress)).isEqualTo(ExitCode.OK);
        assertThat(Specs.parse(store.get(s.deploymentId()).orElseThrow().requestedSpecJson()).path("UpdateConfig").path("Order")
                .asText()).isEqualTo("stop-first");
        assertThat(progress).anyMatch(l -> l.contains("stop-first (host ports)"));
    }

    @Test
    void aFailingVariantThatGoesUndetectedIsExit1AndRestoredAllTheSame() throws IOException {
        DeployContext ctx = deployed("staging", true, false);
        JsonNode before = template().deepCopy();
        swarm.image(V1).ignoresSpecHealthcheck();

        DeployOutcome o = new Deployer(ctx).drill(req(null), false);

        DeployOutcome.ServiceOutcome s = o.services().get(0);
        assertThat(o.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(s.state()).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(s.drill().detectedBy()).isNull();
        assertThat(s.drill().detectionMs()).isNull();
        assertThat(s.drill().restoreMs()).isNotNull();
        assertThat(store.events(s.deploymentId())).extracting(DeployEvent::phase).contains("drill-undetected", "rolled-back");
        assertThat(template()).isEqualTo(before);
        assertThat(store.get(s.deploymentId()).orElseThrow().exitCode()).isEqualTo(1);
        assertThat(store.lastRollbackProof("staging", T0.minus(Duration.ofDays(30)))).as("an undetected drill proves nothing").isEmpty();
    }

    @Test
    void productionNeedsAllowProductionAndNothingHappensWithoutIt() throws IOException {
        DeployContext ctx = deployed("prod", true, false);
        long sent = updatesSent();
        int rows = store.list(null, null, null, 0).size();
        assertThatThrownBy(() -> new Deployer(ctx).drill(req(null), false)).isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE))
                .satisfies(e -> assertThat(((ZerofailException) e).describe()).contains("--allow-production"));
        assertThat(updatesSent()).isEqualTo(sent);
        assertThat(store.list(null, null, null, 0)).hasSize(rows);

        DeployOutcome o = new Deployer(ctx).drill(req(null), true);
        assertThat(o.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(Drills.production("production")).isTrue();
        assertThat(Drills.production("prd")).isTrue();
        assertThat(Drills.production("staging")).isFalse();
        assertThat(Drills.production("preprod")).isFalse();
    }

    @Test
    void aServiceSwarmDoesNotRunIsAUsageErrorWithNothingRecorded() throws IOException {
        DeployContext ctx = context("staging", true, false);
        assertThatThrownBy(() -> new Deployer(ctx).drill(req(null), false)).isInstanceOf(ZerofailException.class)
                .hasMessageContaining("nothing to drill");
        assertThat(store.list(null, null, null, 0)).isEmpty();
        assertThat(updatesSent()).isZero();
    }

    @Test
    void anUnhealthyServiceIsNotDrilledBecauseItsRollbackCouldNotBeVerified() throws IOException {
        DeployContext ctx = deployed("staging", true, false);
        FakeSwarm.Task t = liveTasks().get(0);
        t.health = "unhealthy";
        long sent = updatesSent();

        DeployOutcome.ServiceOutcome s = new Deployer(ctx).drill(req(null), false).services().get(0);

        assertThat(s.state()).isEqualTo(DeployState.FAILED_PREFLIGHT);
        assertThat(s.exitCode()).isEqualTo(ExitCode.FINDINGS);
        assertThat(s.message()).contains("preflight.healthy").contains("not healthy before the drill");
        assertThat(updatesSent()).isEqualTo(sent);
    }

    @Test
    void aDrillTakesTheDeployLock() throws IOException {
        DeployContext ctx = deployed("staging", true, false);
        long sent = updatesSent();
        try (HistoryStore other = JdbcHistoryStore.open(url(), null, null, Clock.systemUTC(), JdbcHistoryStore.DEFAULT_LEASE);
                HistoryStore.DeployLock held = other.lock("staging", "api", "bob@ci-7", Duration.ZERO)) {
            DeployOutcome.ServiceOutcome s = new Deployer(ctx).drill(req(null), false).services().get(0);
            assertThat(s.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
            assertThat(s.message()).contains("bob@ci-7");
        }
        assertThat(updatesSent()).isEqualTo(sent);
    }

    @Test
    void aRestoreThatFailsIsExit5() throws IOException {
        DeployContext ctx = deployed("staging", true, true);
        // stop-first: the old task of slot 1 is gone when the restore starts, and its replacement never starts
        swarm.image(V1).rejectNext(100, "no suitable node (host-mode port already in use)");

        DeployOutcome o = new Deployer(ctx).drill(req(null), false);

        assertThat(o.exitCode()).as(String.join("\n", progress)).isEqualTo(ExitCode.ROLLBACK_FAILED);
        assertThat(o.services().get(0).state()).isEqualTo(DeployState.ROLLBACK_FAILED);
        assertThat(store.lastRollbackProof("staging", T0.minus(Duration.ofDays(30)))).isEmpty();
    }

    @Test
    void aDrillKilledMidwayIsRestoredByTheNextCommandAndProvesNothing() throws Exception {
        DeployContext ctx = deployed("staging", true, false);
        JsonNode before = template().deepCopy();
        swarm.killAt(FakeSwarm.Stage.AFTER_UPDATE);
        assertThatThrownBy(() -> new Deployer(ctx).drill(req(null), false)).isInstanceOf(FakeSwarm.Killed.class);
        Deployment left = store.running().get(0);
        assertThat(left.kind()).isEqualTo(DeployKind.DRILL);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement ps = c.prepareStatement("UPDATE deploy_events SET message = replace(message, ?, ?)")) {
            ps.setString(1, "pid " + ThisProcess.pid() + " on");
            ps.setString(2, "pid " + gone.pid() + " on");
            ps.executeUpdate();
        }

        DeployOutcome next = new Deployer(ctx).deploy(req(V1));

        assertThat(next.recovered()).singleElement().satisfies(r -> {
            assertThat(r.deploymentId()).isEqualTo(left.id());
            assertThat(r.state()).isEqualTo(DeployState.ROLLED_BACK);
            assertThat(r.exitCode()).as("restored, but the drill was not seen through").isEqualTo(ExitCode.FINDINGS);
        });
        assertThat(template()).isEqualTo(before);
        assertThat(next.services().get(0).state()).isEqualTo(DeployState.NOOP);
        assertThat(store.lastRollbackProof("staging", T0.minus(Duration.ofDays(30)))).isEmpty();
    }

    @Test
    void aFailedDeployRolledBackAutomaticallyIsProofToo() throws IOException {
        DeployContext ctx = deployed("staging", true, false);
        swarm.image(V2).unhealthyAfter(Duration.ofSeconds(2));
        DeployOutcome.ServiceOutcome s = new Deployer(ctx).deploy(req(V2)).services().get(0);
        assertThat(s.state()).isEqualTo(DeployState.ROLLED_BACK);
        assertThat(store.lastRollbackProof("staging", T0.minus(Duration.ofDays(1)))).map(Deployment::id).contains(s.deploymentId());
        assertThat(store.lastRollbackProof("staging", Instant.now().plusSeconds(60))).as("older than the window").isEmpty();
    }
}
