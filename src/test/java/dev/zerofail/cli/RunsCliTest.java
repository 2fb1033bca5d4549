package dev.zerofail.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.zerofail.runs.FakeGithub;
import dev.zerofail.runs.RunImporterTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code zerofail runs import} and {@code runs report} end to end: every JSON output checked against its schema by Cli.run. */
class RunsCliTest {
    static final Path GH = Path.of("src/test/resources/fixtures/runs/gh").toAbsolutePath();
    static final ObjectMapper JSON = new ObjectMapper();
    static final FakeGithub FAKE = new FakeGithub();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1").disableRequestJournal().extensions(FAKE)).build();

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        config = dir.resolve("zerofail.yaml");
        Files.writeString(config, "runs:\n  prices:\n    linux: 0.008\n");
        FAKE.runs.clear();
        FAKE.seen.clear();
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    }

    @Test
    void theRepositoryDirectoryIsAnArgumentLikeEveryOtherCommands() throws Exception {
        Cli imported = Cli.run("runs", "import", dir.toString(), "--from-gh", GH.toString(), "-f", "json");
        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(Files.exists(dir.resolve(".zerofail/history.db"))).isTrue();
        Cli report = Cli.run("runs", "report", dir.toString(), "-f", "json");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(JSON.readTree(report.out()).path("root").asText()).isEqualTo(dir.toAbsolutePath().normalize().toString());
        assertThat(Cli.run("runs", "report", dir.resolve("missing").toString()).exit()).isEqualTo(2);
    }

    @Test
    void aReportBeforeAnyImportIsAnEmptyReportNotAnError() throws Exception {
        // a repository nobody has imported runs into yet is the usual first run, like stats without deploys
        Path fresh = Files.createDirectories(dir.resolve("fresh"));
        Cli json = Cli.run("runs", "report", fresh.toString(), "-f", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"runs\" : 0").contains("runs import");
        Cli text = Cli.run("runs", "report", fresh.toString(), "--no-color");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out() + text.err()).contains("runs import");
        assertThat(fresh.resolve(".zerofail")).doesNotExist();
    }

    @Test
    void importFromGhFilesThenReportInEveryFormat() throws Exception {
        Cli imported = Cli.run("runs", "import", "--from-gh", GH.toString(), "--config", config.toString(), "-f", "json");
        assertThat(imported.exit()).as(imported.err()).isZero();
        JsonNode r = JSON.readTree(imported.out()).path("result");
        assertThat(r.path("source").asText()).isEqualTo("files");
        assertThat(r.path("attemptsSaved").asInt()).isEqualTo(4);
        assertThat(r.path("jobsSaved").asInt()).isEqualTo(4);
        assertThat(JSON.readTree(imported.out()).path("warnings")).hasSize(2);
        assertThat(Files.exists(dir.resolve(".zerofail/history.db"))).isTrue();

        Cli json = Cli.run("runs", "report", "--config", config.toString(), "-f", "json", "--by", "workflow");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode t = JSON.readTree(json.out()).path("result").path("totals");
        // 4 attempts, 3 completed: 1 success, 2 failed (failure, failure)
        assertThat(t.path("runs").asInt()).isEqualTo(4);
        assertThat(t.path("failed").asInt()).isEqualTo(2);
        assertThat(t.path("failureRate").asDouble()).isEqualTo(0.6667);
        // jobs: 170 s → 3 min, 260 s → 5 min, 235 s → 4 min (skipped: 0), Linux at the configured 0.008
        assertThat(t.path("billableMinutes").asInt()).isEqualTo(12);
        assertThat(t.path("cost").decimalValue()).isEqualByComparingTo("0.10");
        assertThat(JSON.readTree(json.out()).path("result").path("flaky").path(0).path("workflow").asText()).isEqualTo("CI");

        Cli csv = Cli.run("runs", "report", "--config", config.toString(), "-f", "csv", "--by", "week");
        assertThat(csv.exit()).isZero();
        assertThat(java.util.List.of(csv.out().split("\r\n"))).hasSize(3).first().asString().startsWith("week,runs,completed,");
        assertThat(csv.out()).contains("2026-11-16,4,3,1,2,").contains("(total),4,3,1,2,");

        Cli md = Cli.run("runs", "report", "--config", config.toString(), "-f", "markdown");
        assertThat(md.out()).startsWith("## zerofail runs report").contains("| runs | completed |")
                .contains("**Top causes of failed jobs**");

        Cli text = Cli.run("runs", "report", "--config", config.toString(), "--no-color");
        assertThat(text.out()).contains("Billing by runner").contains("Flaky workflows")
                .contains("Push to successful deploy: no figure");
    }

    @Test
    void importFromAStandInApi() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        FAKE.runs.addAll(RunImporterTest.runs(100, 30, now.minus(Duration.ofDays(5)), Duration.ofDays(2)));
        String api = "http://127.0.0.1:" + wm.getPort();

        Cli first = Cli.run("runs", "import", "--repo", "acme/platform", "--api-url", api, "--since", "14d", "--config",
                config.toString(), "-f", "json");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(JSON.readTree(first.out()).path("result").path("attemptsSaved").asInt()).isEqualTo(40);
        assertThat(first.err()).contains("runs import:");

        Cli again = Cli.run("runs", "import", "--repo", "acme/platform", "--api-url", api, "--since", "14d", "--config",
                config.toString(), "-q");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("0 run attempt(s)");
        assertThat(again.err()).isEmpty();
    }

    @Test
    void badInputIsAUsageErrorNamingWhere() throws Exception {
        assertThat(Cli.run("runs", "import", "--repo", "nope", "--config", config.toString()))
                .satisfies(c -> assertThat(c.exit()).isEqualTo(2)).satisfies(c -> assertThat(c.err()).contains("--repo"));
        assertThat(Cli.run("runs", "import", "--repo", "a/b", "--api-url", "http://github.example.com/api/v3", "--config",
                config.toString())).satisfies(c -> assertThat(c.exit()).isEqualTo(2))
                .satisfies(c -> assertThat(c.err()).contains("in clear"));
        assertThat(Cli.run("runs", "import", "--config", config.toString()).err()).contains("--repo");
        Cli.run("runs", "import", "--from-gh", GH.toString(), "--config", config.toString(), "-q");
        assertThat(Cli.run("runs", "report", "--by", "month", "--config", config.toString()))
                .satisfies(c -> assertThat(c.exit()).isEqualTo(2)).satisfies(c -> assertThat(c.err()).contains("--by"));
        Files.writeString(config, "runs:\n  prices:\n    arm64: 0.01\n");
        Cli bad = Cli.run("runs", "report", "--config", config.toString(), "-f", "json");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("zerofail.yaml:3").contains("runs.prices.arm64");
    }
}
