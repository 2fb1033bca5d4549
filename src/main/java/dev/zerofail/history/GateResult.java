package dev.zerofail.history;

import java.time.Instant;

/**
 * One health or pre-flight gate's verdict. {@code gate} e.g. "container-health", "http",
 * "prometheus", "preflight.secrets"; {@code target} e.g. a task id or a URL.
 */
public record GateResult(long deploymentId, Instant at, String gate, String target, boolean passed, String detail) {
}
