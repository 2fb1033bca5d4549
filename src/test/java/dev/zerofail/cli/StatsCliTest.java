package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path repo;

    /** Two prod deploys of api an hour ago and two hours ago (one rolled back), one of web; one staging deploy. */
    private void seed() {
        Instant now = Instant.now();
        try (HistoryStore s = HistoryStore.open("jdbc:sqlite:" + repo.resolve(".zerofail/history.db"), null, null)) {
            deploy(s, "prod", "api", now.minus(Duration.ofHours(2)), DeployState.ROLLED_BACK, 30);
            deploy(s, "prod", "api", now.minus(Duration.ofHours(1)), DeployState.SUCCEEDED, 40);
            deploy(s, "prod", "web", now.minus(Duration.ofMinutes(30)), DeployState.SUCCEEDED, 20);
            deploy(s, "staging", "api", now.minus(Duration.ofMinutes(20)), DeployState.ROLLED_BACK, 10);
        }
    }

    private static void deploy(HistoryStore s, String env, String service, Instant at, DeployState state, int seconds) {
        long id = s.start(new Deployment(0, env, service, DeployKind.DEPLOY, null, "ci", null, null, service + ":2", null,
                null, null, null, null, null, at, null, null, null, false));
        s.finish(id, state, state == DeployState.SUCCEEDED ? 0 : 4, null, null, at.plusSeconds(seconds));
    }

    @Test
    void jsonHasTheFiguresOfTheEnvironmentAndEachService() throws Exception {
        seed();
        Cli r = Cli.run("stats", repo.toString(), "--tz", "UTC", "-f", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode result = JSON.readTree(r.out()).get("result");
        assertThat(result.get("environment").asText()).isEqualTo("prod");
        assertThat(result.get("timezone").asText()).isEqualTo("UTC");
        JsonNode week = result.get("all").get("windows").get(0);
        assertThat(week.get("days").asInt()).isEqualTo(7);
        assertThat(week.get("attempts").asInt()).isEqualTo(3);
        assertThat(week.get("successes").asInt()).isEqualTo(2);
        assertThat(week.get("changeFailures").asInt()).isEqualTo(1);
        assertThat(week.get("deployTimeMeanMs").asLong()).isEqualTo(30_000);
        assertThat(week.get("leadTimeOmitted").asText()).isEqualTo("no_commit_times");
        assertThat(week.get("daily")).hasSize(7);
        assertThat(result.get("all").get("windows").get(1).get("days").asInt()).isEqualTo(30);
        assertThat(result.get("services")).hasSize(2);
        assertThat(result.get("services").get(0).get("service").asText()).isEqualTo("api");
        assertThat(result.get("all").get("streak").get("emptyDays").asText()).isEqualTo("neither_breaks_nor_extends");

        JsonNode staging = JSON.readTree(Cli.run("stats", repo.toString(), "--env", "staging", "--service", "api",
                "--window", "7d", "-f", "json").out()).get("result");
        assertThat(staging.get("services")).isEmpty();
        assertThat(staging.get("all").get("windows")).hasSize(1);
        assertThat(staging.get("all").get("windows").get(0).get("changeFailRate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void textAndMarkdownSayTheStreakRule() {
        seed();
        Cli text = Cli.run("stats", repo.toString(), "--no-color");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("Environment prod, all services", "consecutive days: no",
                "days without deploys neither break nor extend it", "success rate        66.7% (2 of 3 attempts)",
                "change lead time    left out", "Service web:", "success target not met");
        String md = Cli.run("stats", repo.toString(), "-f", "markdown").out();
        assertThat(md).startsWith("## zerofail stats").contains("change fail rate");
    }

    @Test
    void configuredZoneAndWindowsAreUsedAndBadInputIsExit2() throws Exception {
        seed();
        Files.writeString(repo.resolve("zerofail.yaml"), "stats:\n  timezone: Asia/Tokyo\n  windows: [14]\n");
        JsonNode result = JSON.readTree(Cli.run("stats", repo.toString(), "-f", "json").out()).get("result");
        assertThat(result.get("timezone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(result.get("all").get("windows").get(0).get("days").asInt()).isEqualTo(14);

        Cli zone = Cli.run("stats", repo.toString(), "--tz", "Mars/Olympus");
        assertThat(zone.exit()).isEqualTo(2);
        assertThat(zone.err()).contains("--tz", "Mars/Olympus");
        assertThat(Cli.run("stats", repo.toString(), "--window", "0d").exit()).isEqualTo(2);

        Files.writeString(repo.resolve("zerofail.yaml"), "stats:\n  thresholds:\n    change-fail-rate: {elite: 20, high: 10}\n");
        Cli order = Cli.run("stats", repo.toString());
        assertThat(order.exit()).isEqualTo(2);
        assertThat(order.err()).contains("zerofail.yaml:3", "out of order");
        Files.writeString(repo.resolve("zerofail.yaml"), "stats:\n  timezon: UTC\n");
        assertThat(Cli.run("stats", repo.toString()).exit()).isEqualTo(2);
    }

    @Test
    void noHistoryYetIsAnEmptyResultAndCreatesNothing() throws Exception {
        Cli r = Cli.run("stats", repo.toString(), "-f", "json");
        assertThat(r.exit()).isZero();
        JsonNode result = JSON.readTree(r.out()).get("result");
        assertThat(result.get("databaseExists").asBoolean()).isFalse();
        assertThat(result.has("all")).isFalse();
        assertThat(repo.resolve(".zerofail")).doesNotExist();
    }
}
