package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Fingerprints;
import dev.zerofail.swarm.DockerEngine;
import dev.zerofail.swarm.SwarmKeys;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint key kept in the real Swarm: two fresh checkouts (two CI runners) that deploy to one
 * Swarm make the same fingerprints, so an unchanged service stays a no-op and a recorded spec can be
 * restored, with no ZEROFAIL_FINGERPRINT_KEY set anywhere.
 */
class SwarmKeysIT {
    @TempDir
    Path home;
    @TempDir
    Path runnerA;
    @TempDir
    Path runnerB;

    @Test
    void freshCheckoutsAgreeThroughTheSwarmsKey() {
        String host = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker (swarm mode)");
        try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", host), home)) {
            byte[] first = SwarmKeys.fingerprintKey(engine);
            assertThat(first.length).isGreaterThanOrEqualTo(16);
            assertThat(SwarmKeys.fingerprintKey(engine)).isEqualTo(first);
            assertThat(engine.client().listConfigsCmd().exec())
                    .filteredOn(c -> SwarmKeys.CONFIG_NAME.equals(c.getSpec().getName())).hasSize(1);

            Fingerprints.useRepository(runnerA, Map.of());
            Fingerprints.preferShared(runnerA, Map.of(), () -> SwarmKeys.fingerprintKey(engine));
            String a = Fingerprints.of("spec", "{\"Env\":[\"DB_PASSWORD=s3cr3t-value\"]}");
            Fingerprints.useRepository(runnerB, Map.of());
            Fingerprints.preferShared(runnerB, Map.of(), () -> SwarmKeys.fingerprintKey(engine));
            assertThat(Fingerprints.of("spec", "{\"Env\":[\"DB_PASSWORD=s3cr3t-value\"]}")).isEqualTo(a);
            assertThat(runnerA.resolve(Fingerprints.KEY_FILE)).doesNotExist();
        }
    }
}
