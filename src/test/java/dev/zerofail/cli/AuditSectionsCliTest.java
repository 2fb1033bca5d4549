package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.CiJob;
import dev.zerofail.runs.CiRun;
import dev.zerofail.runs.CiStep;
import dev.zerofail.runs.JdbcRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CI runs, monitoring and docs sections through the command: every format shows them; JSON keeps its schema. */
class AuditSectionsCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @Test
    void importedRunsMissingDocsAndNoMonitoringShowInEveryFormat() throws Exception {
        // 4 completed runs in the last days, 1 failed at its test step: 25%, over the default 10%
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<CiRun> runs = new ArrayList<>();
        List<CiJob> jobs = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Instant at = now.minus(i, ChronoUnit.DAYS);
            String conclusion = i == 1 ? "failure" : "success";
            runs.add(new CiRun("acme/app", i, 1, (long) i, 1L, "ci", "push", "main", "sha" + i, "completed", conclusion, at, at,
                    at.plusSeconds(60), "https://github.com/acme/app/actions/runs/" + i));
            jobs.add(new CiJob("acme/app", 100 + i, i, 1, "test", "completed", conclusion, at, at.plusSeconds(60),
                    List.of("ubuntu-latest"), "r", List.of(new CiStep("Run tests", "completed", conclusion, 1, at,
                            at.plusSeconds(60))), "https://github.com/acme/app/actions/runs/" + i + "/job/" + (100 + i)));
        }
        Files.createDirectories(dir.resolve(".zerofail"));
        try (HistoryStore store = HistoryStore.open("jdbc:sqlite:" + dir.resolve(".zerofail/history.db"), null, null)) {
            new JdbcRunStore(store.dataSource()).save(runs, jobs);
        }

        Cli json = Cli.run("audit", dir.toString(), "-q", "-f", "json");
        assertThat(json.exit()).isZero();
        JsonNode result = JSON.readTree(json.out()).get("result");
        assertThat(result.get("runs").get("completed").asInt()).isEqualTo(4);
        assertThat(result.get("runs").get("failed").asInt()).isEqualTo(1);
        assertThat(result.get("runs").get("topCause").asText()).isEqualTo("test_failure");
        assertThat(result.get("monitoring").get("dashboards")).isEmpty();
        assertThat(result.get("docs").has("readme")).isFalse();
        List<String> sections = new ArrayList<>();
        result.get("scorecard").get("sections").forEach(s -> sections.add(s.get("name").asText()));
        assertThat(sections).contains("CI runs (runs)", "Monitoring (dashboards)", "Documentation (docs)");

        Cli text = Cli.run("audit", dir.toString(), "-q", "--no-color");
        assertThat(text.out()).contains("CI failure rate at most 10% over 30 days — 25% of 4 completed run(s) failed (1)",
                "no README at the root", "fix: mkdir -p monitoring/grafana/dashboards");
        assertThat(Cli.run("audit", dir.toString(), "-q", "-f", "markdown").out())
                .contains("### ❌ CI runs (runs)", "### ❌ Monitoring (dashboards)", "### ❌ Documentation (docs)");
        JsonNode sarif = JSON.readTree(Cli.run("audit", dir.toString(), "-q", "-f", "sarif").out());
        List<String> rules = new ArrayList<>();
        sarif.get("runs").get(0).get("results").forEach(r -> rules.add(r.get("ruleId").asText()));
        assertThat(rules).contains("audit.runs.failure-rate", "audit.monitoring.in-place", "audit.docs.readme",
                "audit.docs.runbook");
        assertThat(Cli.run("audit", dir.toString(), "-q", "--ci").exit()).isEqualTo(1);
    }

    @Test
    void badThresholdsNameTheKey() throws Exception {
        Files.writeString(dir.resolve("zerofail.yaml"), "audit:\n  ci-failure-rate: 120\n");
        Cli r = Cli.run("audit", dir.toString(), "-q");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("ci-failure-rate").contains("percentage");
        Files.writeString(dir.resolve("zerofail.yaml"), "audit:\n  metrics-url: ftp://user:Sup3rS3cret@host/x\n");
        Cli url = Cli.run("audit", dir.toString(), "-q");
        assertThat(url.exit()).isEqualTo(2);
        assertThat(url.err()).contains("metrics-url").doesNotContain("Sup3rS3cret");
    }
}
