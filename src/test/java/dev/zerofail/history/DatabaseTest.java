package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void schemaVersionIsTheNewestMigration() throws IOException {
        Pattern name = Pattern.compile("V(\\d+)__.+\\.sql");
        int newest = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : files.toList()) {
                Matcher m = name.matcher(f.getFileName().toString());
                assertThat(m.matches()).as("migration file name %s", f.getFileName()).isTrue();
                newest = Math.max(newest, Integer.parseInt(m.group(1)));
            }
        }
        assertThat(Database.SCHEMA_VERSION).as("Database.SCHEMA_VERSION must name the newest migration, or "
                + "stores skip migrating").isEqualTo(newest);
    }

    @Test
    void urlsAreShownWithoutCredentials() {
        assertThat(Urls.redact("jdbc:postgresql://u:pw-123@db:5432/zf?password=pw-123&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/zf?…");
        assertThat(Database.scrub("could not connect to jdbc:postgresql://u:pw-123@db/zf?password=pw-123 as pw-123", "pw-123"))
                .doesNotContain("pw-123").isEqualTo("could not connect to jdbc:postgresql://db/zf?password=…(6 chars) as …(6 chars)");
        assertThat(Database.scrub("jdbc:postgresql://u:p@ss-word@db/zf failed; PASSWORD=other-secret&x", "p@ss-word"))
                .isEqualTo("jdbc:postgresql://db/zf failed; PASSWORD=…(12 chars)&x");
    }
}
