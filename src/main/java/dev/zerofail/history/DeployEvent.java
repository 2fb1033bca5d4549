package dev.zerofail.history;

import java.time.Instant;

/** Every state change of a deployment, with a millisecond timestamp. */
public record DeployEvent(long deploymentId, Instant at, String phase, String message) {
}
