package dev.zerofail.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeploymentSummary;
import dev.zerofail.history.GateResult;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunFactsTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static DeploymentSummary row(String kind, String state, int seconds) {
        return new DeploymentSummary(7, "prod", "api", kind, state, T, T.plusSeconds(seconds));
    }

    static DeployEvent ev(double at, String phase) {
        return new DeployEvent(7, T.plusMillis((long) (at * 1000)), phase, "");
    }

    static GateResult gate(double at, String gate, boolean passed) {
        return new GateResult(7, T.plusMillis((long) (at * 1000)), gate, null, passed, "");
    }

    @Test
    void theReasonIsTheGateThatStoppedTheRolloutAndDetectionStartsAtTheFirstFailure() {
        // prometheus failed twice before its failure count was reached; a pre-flight failure is not a health check
        RunFacts f = RunFacts.of(row("DEPLOY", "ROLLED_BACK", 60), List.of(ev(5, "updating"), ev(30.5, "rollback-started"),
                ev(50, "rolled-back")), List.of(gate(1, "preflight.freeze", false), gate(20, "http", true),
                gate(22, "prometheus", false), gate(26, "prometheus", false), gate(30, "prometheus", false)));
        assertThat(f.rollback().reason()).isEqualTo("prometheus");
        assertThat(f.rollback().detectionSeconds()).isEqualTo(8.5);
        assertThat(f.rollback().restoreSeconds()).isEqualTo(28.0);
        assertThat(f.failedChecks()).containsExactly("prometheus", "prometheus", "prometheus");
        assertThat(f.phases()).containsEntry("preflight", 5.0).containsEntry("rollout", 25.5).containsEntry("rollback", 19.5)
                .doesNotContainKey("monitor");
        assertThat(f.kind()).isEqualTo("deploy");
        assertThat(f.result()).isEqualTo("rolled_back");
        assertThat(f.seconds()).isEqualTo(60.0);
    }

    @Test
    void gatesMapToTheIssuesReasons() {
        assertThat(Reasons.of("container-health")).isEqualTo("health");
        assertThat(Reasons.of("http")).isEqualTo("http");
        assertThat(Reasons.of("prometheus")).isEqualTo("prometheus");
        assertThat(Reasons.of("timeout")).isEqualTo("timeout");
        for (String crash : List.of("task-exit", "task-state", "swarm-update", "service")) {
            assertThat(Reasons.of(crash)).isEqualTo("crash");
        }
    }

    @Test
    void aManualRollbackHasNoDetectionTimeAndANoopOneIsNoRollback() {
        assertThat(RunFacts.of(row("ROLLBACK", "SUCCEEDED", 20), List.of(), List.of()).rollback())
                .isEqualTo(new RunFacts.RollbackFacts("manual", null, null));
        assertThat(RunFacts.of(row("ROLLBACK", "NOOP", 1), List.of(), List.of()).rollback()).isNull();
    }

    @Test
    void aFailureAfterTheRollbackStartedDoesNotMoveDetection() {
        RunFacts f = RunFacts.of(row("DEPLOY", "ROLLBACK_FAILED", 90), List.of(ev(4, "updating"), ev(10, "deploy-healthy"),
                ev(14, "rollback-started"), ev(80, "rollback-failed")), List.of(gate(12, "task-exit", false),
                gate(40, "container-health", false)));
        assertThat(f.rollback()).isEqualTo(new RunFacts.RollbackFacts("crash", 2.0, null));
        assertThat(f.phases()).containsEntry("rollout", 6.0).containsEntry("monitor", 4.0).containsEntry("rollback", 66.0);
    }

    @Test
    void aSucceededDeployHasNoRollbackAndADrillIsMarked() {
        assertThat(RunFacts.of(row("DEPLOY", "SUCCEEDED", 30), List.of(ev(2, "updating"), ev(20, "deploy-healthy"),
                ev(30, "succeeded")), List.of(gate(19, "container-health", true))).rollback()).isNull();
        assertThat(RunFacts.of(row("DRILL", "ROLLED_BACK", 30), List.of(), List.of()).drill()).isTrue();
    }
}
