package dev.zerofail.history;

import java.time.Instant;

/**
 * One deploy or rollback of one service. Never holds a secret value (specs are stored with env
 * values of secret-looking names masked).
 */
public record Deployment(long id, String environment, String service, DeployKind kind, DeployState state,
        String actor, String reason, String fromImage, String toImage, String fromSpecFingerprint,
        String toSpecFingerprint, String requestedSpecJson, String previousSpecJson, Long swarmVersionBefore,
        Long swarmVersionAfter, Instant startedAt, Instant finishedAt, Integer exitCode,
        String error, boolean emergency) {
}
