package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeploymentDetailTest {
    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private static Deployment deployment(Instant finished) {
        return new Deployment(1, "prod", "api", DeployKind.DEPLOY, finished == null ? DeployState.RUNNING
                : DeployState.SUCCEEDED, "a", null, null, null, null, null, null, null, null, null, T, finished, null,
                null, false);
    }

    @Test
    void phasesRunFromTheirFirstEventToTheNextPhaseAndTheLastToTheFinish() {
        List<DeployEvent> events = List.of(new DeployEvent(1, T, "preflight", null),
                new DeployEvent(1, T.plusMillis(400), "rollout", "replica 1 of 2"),
                new DeployEvent(1, T.plusMillis(2400), "rollout", "replica 2 of 2"),
                new DeployEvent(1, T.plusMillis(5000), "verify", null));
        DeploymentDetail d = new DeploymentDetail(deployment(T.plusMillis(6500)), events, List.of(), List.of());
        assertThat(d.phases()).containsExactly(
                new DeploymentDetail.Phase("preflight", T, Duration.ofMillis(400)),
                new DeploymentDetail.Phase("rollout", T.plusMillis(400), Duration.ofMillis(4600)),
                new DeploymentDetail.Phase("verify", T.plusMillis(5000), Duration.ofMillis(1500)));
        assertThat(d.duration()).isEqualTo(Duration.ofMillis(6500));

        DeploymentDetail running = new DeploymentDetail(deployment(null), events, List.of(), List.of());
        assertThat(running.phases().get(2).duration()).isNull();
        assertThat(running.duration()).isNull();
    }
}
