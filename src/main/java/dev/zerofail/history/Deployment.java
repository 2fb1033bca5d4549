package dev.zerofail.history;

import java.time.Instant;

/**
 * One deploy or rollback of one service. Never holds a secret value (specs are stored with env
 * values of secret-looking names masked). {@code commitSha} and {@code commitAt} name the commit a
 * deploy shipped and its committer time, when known (null otherwise, and in rows before V4).
 */
public record Deployment(long id, String environment, String service, DeployKind kind, DeployState state,
        String actor, String reason, String fromImage, String toImage, String fromSpecFingerprint,
        String toSpecFingerprint, String requestedSpecJson, String previousSpecJson, Long swarmVersionBefore,
        Long swarmVersionAfter, Instant startedAt, Instant finishedAt, Integer exitCode,
        String error, boolean emergency, String commitSha, Instant commitAt) {
    /** Without a commit. */
    public Deployment(long id, String environment, String service, DeployKind kind, DeployState state,
            String actor, String reason, String fromImage, String toImage, String fromSpecFingerprint,
            String toSpecFingerprint, String requestedSpecJson, String previousSpecJson, Long swarmVersionBefore,
            Long swarmVersionAfter, Instant startedAt, Instant finishedAt, Integer exitCode,
            String error, boolean emergency) {
        this(id, environment, service, kind, state, actor, reason, fromImage, toImage, fromSpecFingerprint,
                toSpecFingerprint, requestedSpecJson, previousSpecJson, swarmVersionBefore, swarmVersionAfter, startedAt,
                finishedAt, exitCode, error, emergency, null, null);
    }
}
