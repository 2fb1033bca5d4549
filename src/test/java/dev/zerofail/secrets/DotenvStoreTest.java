package dev.zerofail.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DotenvStoreTest {
    @TempDir
    Path dir;

    @Test
    void writesOwnerOnlyAndReadsBackEveryValueExactly() throws Exception {
        Path file = dir.resolve("deploy/.env.prod");
        DotenvStore store = new DotenvStore(file);
        Map<String, String> values = Map.of("PLAIN", "abc", "DOLLAR", "pa$$word${HOME}", "QUOTES", "it's \"quoted\"",
                "MULTI", "-----BEGIN KEY-----\nabc\\def\n-----END KEY-----", "HASH", "a #not-a-comment");
        store.write(values, Set.of(), SecretStore.Progress.NONE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(DotEnv.read(file)).isEqualTo(values);
        Map<String, SecretStore.Stored> read = store.read(List.of());
        assertThat(read.get("MULTI").value()).isEqualTo(values.get("MULTI"));
    }

    @Test
    void keepsOtherKeysUpdatesAndRemoves() throws Exception {
        Path file = dir.resolve(".env");
        Files.writeString(file, "# mine\nKEEP=1\nOLD=gone\nCHANGE=before\n");
        new DotenvStore(file).write(Map.of("CHANGE", "after", "NEW", "n"), Set.of("OLD"), SecretStore.Progress.NONE);
        assertThat(DotEnv.read(file)).containsExactly(Map.entry("KEEP", "1"), Map.entry("CHANGE", "after"),
                Map.entry("NEW", "n"));
        assertThat(Files.readString(file)).startsWith("# Written by 'zerofail secrets sync'");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly(".env");
        }
    }
}
