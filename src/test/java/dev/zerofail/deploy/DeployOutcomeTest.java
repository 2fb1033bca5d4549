package dev.zerofail.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.ExitCode;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployOutcomeTest {
    private static DeployOutcome.ServiceOutcome svc(DeployState s, int code) {
        ExitCode exit = java.util.Arrays.stream(ExitCode.values()).filter(c -> c.code() == code).findFirst().orElseThrow();
        return new DeployOutcome.ServiceOutcome("api", 1, DeployKind.DEPLOY, s, exit, "a:1", "a:2", null, List.of(), List.of(),
                Map.of(), new DeployOutcome.Running("acme_api", false, null, null, null, null, null, null));
    }

    @Test
    void theWorstServiceDecidesTheExitCode() {
        assertThat(new DeployOutcome("prod", "deploy", List.of(), List.of(svc(DeployState.SUCCEEDED, 0), svc(DeployState.NOOP, 0)))
                .exitCode()).isEqualTo(ExitCode.OK);
        assertThat(new DeployOutcome("prod", "deploy", List.of(), List.of(svc(DeployState.SUCCEEDED, 0),
                svc(DeployState.ROLLED_BACK, 4))).exitCode().code()).isEqualTo(4);
        assertThat(new DeployOutcome("prod", "deploy", List.of(), List.of(svc(DeployState.ROLLBACK_FAILED, 5),
                svc(DeployState.ROLLED_BACK, 4))).exitCode().code()).isEqualTo(5);
        assertThat(new DeployOutcome("prod", "deploy", List.of(), List.of(svc(DeployState.FAILED_PREFLIGHT, 1)))
                .exitCode().code()).isEqualTo(1);
        assertThat(new DeployOutcome("prod", "deploy", List.of(), List.of(svc(DeployState.FAILED_PREFLIGHT, 3)))
                .exitCode().code()).isEqualTo(3);
        // a recovery that could not roll back is the one thing from recovery that fails the command
        assertThat(new DeployOutcome("prod", "deploy", List.of(svc(DeployState.ROLLBACK_FAILED, 5)),
                List.of(svc(DeployState.SUCCEEDED, 0))).exitCode().code()).isEqualTo(5);
        assertThat(new DeployOutcome("prod", "deploy", List.of(svc(DeployState.ROLLED_BACK, 4)),
                List.of(svc(DeployState.SUCCEEDED, 0))).exitCode()).isEqualTo(ExitCode.OK);
    }
}
