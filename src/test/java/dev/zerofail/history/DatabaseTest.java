package dev.zerofail.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @Test
    void schemaVersionIsTheNewestMigration() throws IOException {
        Pattern name = Pattern.compile("V(\\d+)__.+\\.sql");
        int newest = 0;
        java.util.Set<Integer> versions = new java.util.TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path f : files.toList()) {
                Matcher m = name.matcher(f.getFileName().toString());
                assertThat(m.matches()).as("migration file name %s", f.getFileName()).isTrue();
                newest = Math.max(newest, Integer.parseInt(m.group(1)));
                versions.add(Integer.parseInt(m.group(1)));
            }
        }
        assertThat(versions).as("migrations are numbered 1..n without gaps (upToDate checks each)")
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, newest).boxed().toList());
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

    private static int newestApplied(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Start-up (issue 13): Flyway runs only for a database that is behind. A database at an older
     * version is migrated; one that is up to date is opened without Flyway, which the tampered
     * checksum proves (Flyway would refuse it on validation).
     */
    @Test
    void flywayRunsOnlyWhenTheSchemaIsBehind(@TempDir Path dir) throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("history.db");
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                .placeholders(Map.of("id_column", Dialect.SQLITE.idColumn)).target("1").load().migrate();
        assertThat(newestApplied(url)).isEqualTo(1);

        try (HikariDataSource ds = Database.open(url, null, null, Dialect.SQLITE)) {
            assertThat(Database.upToDate(ds)).isTrue();
        }
        assertThat(newestApplied(url)).isEqualTo(Database.SCHEMA_VERSION);

        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE flyway_schema_history SET checksum = 12345");
        }
        try (HikariDataSource ds = Database.open(url, null, null, Dialect.SQLITE)) {
            assertThat(Database.upToDate(ds)).isTrue();
        }
        assertThat(Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                .placeholders(Map.of("id_column", Dialect.SQLITE.idColumn)).load().validateWithResult().validationSuccessful)
                .as("Flyway itself would have refused the tampered history").isFalse();
    }
}
