package dev.zerofail.history;

import java.time.Instant;

/** A Swarm task of a deployment that failed, with its error and the container's exit code when known. */
public record TaskFailure(long deploymentId, String taskId, String error, Integer exitCode, Instant at) {
}
