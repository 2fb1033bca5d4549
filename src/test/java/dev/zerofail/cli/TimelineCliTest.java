package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit --record} stores a snapshot (counts, never values) and {@code timeline} shows it in this week. */
class TimelineCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PLANTED = "sk_live_p9Q2w8E7r6T5y4U3i2O1pAsDf";

    @TempDir
    Path repo;

    private void repository() throws Exception {
        Files.writeString(repo.resolve("config.env"), "STRIPE_SECRET_KEY=" + PLANTED + "\nAPI_KEY=your_api_key_here\n");
        Files.createDirectories(repo.resolve(".github/workflows"));
        Files.writeString(repo.resolve(".github/workflows/deploy.yml"), String.join("\n",
                "name: deploy", "on: push", "jobs:", "  deploy:", "    runs-on: ubuntu-latest", "    steps:",
                "      - run: ssh deploy@203.0.113.7 'docker compose up -d'", ""));
        Files.writeString(repo.resolve("docker-compose.yml"), "services:\n  api:\n    image: acme/api:1.2.3\n");
    }

    @Test
    void recordThenTimelineShowsThisWeeksSnapshot() throws Exception {
        repository();
        Cli audit = Cli.run("audit", repo.toString(), "--record", "-f", "json");
        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(audit.err()).contains("recorded audit snapshot 1 in jdbc:sqlite:");

        Cli r = Cli.run("timeline", repo.toString(), "--weeks", "3", "-f", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode result = JSON.readTree(r.out()).get("result");
        assertThat(result.get("environment").asText()).isEqualTo("prod");
        JsonNode weeks = result.get("weeks");
        assertThat(weeks).hasSize(3);
        JsonNode now = weeks.get(2);
        assertThat(now.get("partial").asBoolean()).isTrue();
        assertThat(now.get("hardcodedSecrets").asInt()).isEqualTo(1);
        assertThat(now.get("placeholderSecrets").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(now.get("activeWorkflows").asInt()).isEqualTo(1);
        assertThat(now.get("composeFiles").asInt()).isEqualTo(1);
        assertThat(now.get("manualSteps").asInt()).isEqualTo(1);
        assertThat(now.get("auditPassed").asBoolean()).isFalse();
        // weeks without a snapshot leave the audit figures out instead of writing 0
        assertThat(weeks.get(0).has("placeholderSecrets")).isFalse();
        assertThat(weeks.get(0).has("deploySuccessRate")).isFalse();
        assertThat(result.get("thresholds").get("successRatePercent").asDouble()).isEqualTo(95.0);

        // the snapshot is counts and check ids: the planted value, its file and the SSH host are nowhere in it
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + repo.resolve(".zerofail/history.db"));
                Statement st = c.createStatement()) {
            for (String table : List.of("audit_snapshots", "audit_snapshot_checks")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            rows.add(String.valueOf(rs.getObject(i)));
                        }
                    }
                }
            }
        }
        assertThat(rows).contains("scan.no-hardcoded-secrets", "workflows.no-manual-ops");
        assertThat(String.join("\n", rows)).doesNotContain(PLANTED.substring(5, 15)).doesNotContain("config.env")
                .doesNotContain("203.0.113.7");
        assertThat(Files.readAllBytes(repo.resolve(".zerofail/history.db")))
                .asString(java.nio.charset.StandardCharsets.ISO_8859_1).doesNotContain(PLANTED);
    }

    @Test
    void textMarkdownAndAnHtmlFileWrittenWithOutput() throws Exception {
        repository();
        assertThat(Cli.run("audit", repo.toString(), "--record", "-q").exit()).isZero();
        Cli text = Cli.run("timeline", repo.toString(), "--weeks", "2");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("week", "placeholders", "—", "2 week(s), 1 with an audit snapshot");
        Cli md = Cli.run("timeline", repo.toString(), "--weeks", "2", "-f", "markdown");
        assertThat(md.out()).contains("## zerofail timeline", "| week | success | mean time |", "|---|---:|");

        Path page = repo.resolve("out/timeline.html");
        Files.createDirectories(page.getParent());
        Cli html = Cli.run("timeline", repo.toString(), "--format", "html", "-o", page.toString());
        assertThat(html.exit()).as(html.err()).isZero();
        assertThat(html.out()).isEmpty();
        String doc = Files.readString(page);
        assertThat(doc).startsWith("<!DOCTYPE html>").contains("<svg").endsWith("</html>\n");
        try (var files = Files.list(page.getParent())) {
            assertThat(files).containsExactly(page); // atomic: no temporary file left beside it
        }
    }

    @Test
    void withoutHistoryTheWeeksAreEmpty() {
        Cli r = Cli.run("timeline", repo.toString(), "--weeks", "2", "--tz", "Europe/Berlin", "-f", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"databaseExists\" : false", "\"timezone\" : \"Europe/Berlin\"");
        assertThat(Files.exists(repo.resolve(".zerofail"))).isFalse();
    }

    @Test
    void badOptionsAreUsageErrors() {
        Cli weeks = Cli.run("timeline", repo.toString(), "--weeks", "0");
        assertThat(weeks.exit()).isEqualTo(2);
        assertThat(weeks.err()).contains("--weeks");
        Cli since = Cli.run("timeline", repo.toString(), "--since", "next tuesday", "-f", "json");
        assertThat(since.exit()).isEqualTo(2);
        assertThat(since.out()).contains("--since");
        assertThat(Cli.run("timeline", repo.toString(), "--since", "2999-01-01").exit()).isEqualTo(2);
        assertThat(Cli.run("timeline", repo.toString(), "--tz", "Mars/Olympus").exit()).isEqualTo(2);
    }
}
