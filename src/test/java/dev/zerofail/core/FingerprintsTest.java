package dev.zerofail.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the fingerprint key comes from: the variable, then a shared key (the Swarm's), then the repository's file. */
class FingerprintsTest {
    private static final byte[] SHARED = "a-shared-key-of-the-swarm-0123456789".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path repoA;
    @TempDir
    Path repoB;

    @Test
    void twoCheckoutsAgreeThroughTheSharedKeyAndWriteNoKeyFile() {
        Fingerprints.useRepository(repoA, Map.of());
        Fingerprints.preferShared(repoA, Map.of(), () -> SHARED);
        String a = Fingerprints.of("DB_PASSWORD", "value-1");
        Fingerprints.useRepository(repoB, Map.of());
        Fingerprints.preferShared(repoB, Map.of(), () -> SHARED);
        assertThat(Fingerprints.of("DB_PASSWORD", "value-1")).isEqualTo(a);
        assertThat(repoA.resolve(Fingerprints.KEY_FILE)).doesNotExist();
        assertThat(repoB.resolve(Fingerprints.KEY_FILE)).doesNotExist();
    }

    @Test
    void theVariableWinsOverTheSharedKey() {
        AtomicInteger asked = new AtomicInteger();
        Map<String, String> env = Map.of(Fingerprints.KEY_ENV, "ci-key-0123456789abcdef");
        Fingerprints.useRepository(repoA, env);
        String withVariable = Fingerprints.of("x", "y");
        Fingerprints.useRepository(repoB, env);
        Fingerprints.preferShared(repoB, env, () -> {
            asked.incrementAndGet();
            return SHARED;
        });
        assertThat(Fingerprints.of("x", "y")).isEqualTo(withVariable);
        assertThat(asked).hasValue(0);
    }

    @Test
    void aFailingSharedKeyFallsBackToTheRepositoryFile() throws Exception {
        Fingerprints.useRepository(repoA, Map.of());
        String fromFile = Fingerprints.of("x", "y");
        assertThat(Files.exists(repoA.resolve(Fingerprints.KEY_FILE))).isTrue();
        Fingerprints.useRepository(repoA, Map.of());
        Fingerprints.preferShared(repoA, Map.of(), () -> {
            throw new IllegalStateException("no swarm here");
        });
        assertThat(Fingerprints.of("x", "y")).isEqualTo(fromFile);
    }

    @Test
    void oneRunNeverMixesKeys() {
        Fingerprints.useRepository(repoA, Map.of());
        String first = Fingerprints.of("x", "y");
        Fingerprints.preferShared(repoA, Map.of(), () -> SHARED);
        assertThat(Fingerprints.of("x", "y")).isEqualTo(first);
    }
}
