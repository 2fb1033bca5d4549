package dev.zerofail.history;

import java.time.Instant;

/** Which deployments a page shows; a null field means any. */
public record DeploymentFilter(String environment, String service, DeployState state, Instant since) {
    public static final DeploymentFilter ANY = new DeploymentFilter(null, null, null, null);
}
