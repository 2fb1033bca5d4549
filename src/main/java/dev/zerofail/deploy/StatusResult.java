package dev.zerofail.deploy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Result;
import java.util.List;

/**
 * The result of {@code zerofail status} (docs/schemas/status.schema.json): each service of the
 * environment now, and the deployments a dead process had left running that status finished first.
 */
public record StatusResult(String environment, List<Inspector.ServiceStatus> services, List<DeployOutcome.ServiceOutcome> recovered)
        implements Result {
    public StatusResult {
        services = List.copyOf(services);
        recovered = List.copyOf(recovered);
    }

    /** 5 when a recovery's rollback failed, else 0. */
    public ExitCode exitCode() {
        return recovered.stream().anyMatch(r -> r.exitCode() == ExitCode.ROLLBACK_FAILED) ? ExitCode.ROLLBACK_FAILED : ExitCode.OK;
    }
}
