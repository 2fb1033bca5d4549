package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar migrates and reads the history on both databases: the SQLite native library,
 * both JDBC drivers and Flyway's plugins (service-loader files merged by the shade plugin) must
 * survive shading, and Flyway must say nothing on stdout or stderr.
 */
class HistoryJarIT {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run zerofail(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("zerofail.jar")));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("zerofail-err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String e = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, e);
    }

    @Test
    void sqliteIsMigratedAndReadByTheJar() throws Exception {
        Path db = dir.resolve(".zerofail/history.db");
        Files.createDirectories(db.getParent());
        Files.createFile(db); // an empty file is an empty SQLite database: the jar must migrate it
        Run empty = zerofail(Map.of(), "history", dir.toString(), "-f", "json");
        assertThat(empty.exit()).as(empty.err()).isZero();
        assertThat(empty.err()).isEmpty();
        JsonNode page = dev.zerofail.Contracts.assertValid(empty.out()).get("result");
        assertThat(page.get("count").asInt()).isZero();
        assertThat(page.get("databaseExists").asBoolean()).isTrue();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1")) {
            assertThat(rs.next()).as("the jar's Flyway applied V1").isTrue();
            assertThat(rs.getString(1)).isEqualTo("1");
        }

        long id;
        try (HistoryStore s = HistoryStore.open("jdbc:sqlite:" + db, null, null)) {
            id = s.start(new Deployment(0, "prod", "api", DeployKind.DEPLOY, null, "jar-it", "check the jar", "a:1", "a:2",
                    null, null, null, null, null, null, Instant.parse("2026-11-20T10:00:00Z"), null, null, null, false));
        }
        Run listed = zerofail(Map.of(), "history", dir.toString(), "--no-color");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("prod/api  DEPLOY  RUNNING", "by jar-it", "why: check the jar");
        Run one = zerofail(Map.of(), "history", dir.toString(), "--id", String.valueOf(id), "-f", "json");
        assertThat(one.exit()).as(one.err()).isZero();
        JsonNode d = dev.zerofail.Contracts.assertValid(one.out()).get("result").get("deployments").get(0);
        assertThat(d.get("state").asText()).isEqualTo("running");
        assertThat(d.get("actor").asText()).isEqualTo("jar-it");
        assertThat(d.get("events")).isEmpty();
    }

    @Test
    void postgresIsMigratedByTheJarAndBadCredentialsAreExitThree() throws Exception {
        String url = Services.require("ZEROFAIL_IT_PG_URL", "PostgreSQL");
        String user = Services.require("ZEROFAIL_IT_PG_USER", "PostgreSQL");
        String password = Services.require("ZEROFAIL_IT_PG_PASSWORD", "PostgreSQL");
        String schema = "it_history_jar_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        try {
            Files.writeString(dir.resolve("zerofail.yaml"), "history:\n  url: " + url + (url.contains("?") ? "&" : "?")
                    + "currentSchema=" + schema + "\n  user: " + user + "\n  password-env: ZEROFAIL_IT_HISTORY_PASSWORD\n");
            Run ok = zerofail(Map.of("ZEROFAIL_IT_HISTORY_PASSWORD", password), "history", dir.toString(), "-f", "json");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.err()).isEmpty();
            JsonNode result = dev.zerofail.Contracts.assertValid(ok.out()).get("result");
            assertThat(result.get("count").asInt()).isZero();
            assertThat(result.get("database").asText()).startsWith("jdbc:postgresql:").doesNotContain("password");
            if (!url.contains(password)) { // the test database's password may be its name, which the URL rightly shows
                assertThat(ok.out()).doesNotContain(password);
            }
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success")) {
                rs.next();
                // every migration the jar carries ran (V1 the tables, V2 the lock's pid and host, …)
                long migrations;
                try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
                    migrations = files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
                }
                assertThat(rs.getInt(1)).isEqualTo(migrations).isGreaterThanOrEqualTo(2);
            }

            String wrong = "wrong-" + UUID.randomUUID();
            Run denied = zerofail(Map.of("ZEROFAIL_IT_HISTORY_PASSWORD", wrong), "history", dir.toString());
            assertThat(denied.exit()).isEqualTo(3);
            assertThat(denied.err()).contains("rejected the credentials").doesNotContain(wrong);
            assertThat(denied.out()).doesNotContain(wrong);
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
