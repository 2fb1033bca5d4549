package dev.zerofail.history;

import java.time.Instant;

/**
 * One entry of the live feed (Server-Sent Events): a deployment's event ({@code gate} null) or a
 * gate's verdict ({@code phase} null), with the deployment it belongs to. {@code id} is the row id in
 * its own table (deploy_events or gate_results); the two tables count separately.
 */
public record FeedItem(long id, long deploymentId, String environment, String service, DeployKind kind, Instant at,
        String phase, String gate, String target, Boolean passed, String message) {
    public boolean isGate() {
        return gate != null;
    }
}
