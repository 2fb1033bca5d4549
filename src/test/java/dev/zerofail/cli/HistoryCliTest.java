package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.RefusedPort;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.TaskFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    static final String PLANTED = "pl4nted-secret-value-77";

    @TempDir
    Path repo;
    long good;
    long bad;

    private void seed() {
        String spec = "{\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":[\"API_TOKEN=" + PLANTED + "\"]}}}";
        try (HistoryStore s = HistoryStore.open("jdbc:sqlite:" + repo.resolve(".zerofail/history.db"), null, null)) {
            good = s.start(new Deployment(0, "prod", "api", DeployKind.DEPLOY, null, "alice", "release 1.2",
                    "acme/api:1.1", "acme/api:1.2", "aaaa1111", "bbbb2222", spec, spec, 10L, null, T, null, null, null,
                    false));
            s.event(new DeployEvent(good, T, "preflight", "all gates passed"));
            s.event(new DeployEvent(good, T.plusMillis(300), "rollout", "replica 1 of 1"));
            s.gate(new GateResult(good, T.plusMillis(900), "http", "task-a", true, "200 in 12 ms"));
            s.finish(good, DeployState.SUCCEEDED, 0, null, 11L, T.plusMillis(1500));

            bad = s.start(new Deployment(0, "prod", "api", DeployKind.DEPLOY, null, "bob", "hotfix attempt",
                    "acme/api:1.2", "acme/api:1.3", "bbbb2222", "cccc3333", spec, spec, 11L, null, T.plusSeconds(3600),
                    null, null, null, false));
            s.event(new DeployEvent(bad, T.plusSeconds(3600), "rollout", null));
            s.event(new DeployEvent(bad, T.plusSeconds(3604), "rollback", "health gate failed"));
            s.gate(new GateResult(bad, T.plusSeconds(3603), "container-health", "task-b", false, "unhealthy after 2 checks"));
            s.taskFailure(new TaskFailure(bad, "task-b", "task: non-zero exit (1)", 1, T.plusSeconds(3603)));
            s.finish(bad, DeployState.ROLLED_BACK, 4, "rolled back: task-b failed its health gate", 13L,
                    T.plusSeconds(3610));

            long web = s.start(new Deployment(0, "staging", "web", DeployKind.ROLLBACK, null, "ci", null, "acme/web:2",
                    "acme/web:1", null, null, null, null, null, null, T.plusSeconds(7200), null, null, null, false));
            s.finish(web, DeployState.SUCCEEDED, 0, null, null, T.plusSeconds(7201));
        }
    }

    @Test
    void listsEveryDeploymentNewestFirstWithWhoWhyImagesPhasesGatesAndFailures() {
        seed();
        Cli r = Cli.run("history", repo.toString(), "--no-color");
        assertThat(r.exit()).isZero();
        String out = r.out();
        assertThat(out).containsSubsequence("staging/web  ROLLBACK  SUCCEEDED", "#" + bad + "  prod/api  DEPLOY  ROLLED_BACK  exit 4",
                "#" + good + "  prod/api  DEPLOY  SUCCEEDED  exit 0");
        assertThat(out).contains("by bob  (10.0 s)", "why: hotfix attempt",
                "image: acme/api:1.2 → acme/api:1.3   spec: bbbb2222 → cccc3333",
                "phases: rollout 4.0 s, rollback 6.0 s", "gates: 0 passed, 1 failed; container-health task-b: unhealthy after 2 checks",
                "failed task task-b (exit 1): task: non-zero exit (1)", "error: rolled back: task-b failed its health gate",
                "phases: preflight 0.3 s, rollout 1.2 s", "gates: 1 passed, 0 failed");
        assertThat(r.out() + r.err()).doesNotContain(PLANTED);
    }

    @Test
    void filtersByEnvironmentServiceSinceAndLimit() throws Exception {
        seed();
        assertThat(ids(Cli.run("history", repo.toString(), "--env", "prod", "-f", "json"))).containsExactly(bad, good);
        assertThat(ids(Cli.run("history", repo.toString(), "--service", "web", "-f", "json"))).hasSize(1);
        assertThat(ids(Cli.run("history", repo.toString(), "--env", "prod", "--since", "2026-11-20T10:30:00Z", "-f",
                "json"))).containsExactly(bad);
        assertThat(ids(Cli.run("history", repo.toString(), "--since", "2026-11-21", "-f", "json"))).isEmpty();
        Cli limited = Cli.run("history", repo.toString(), "--limit", "1", "-f", "json");
        JsonNode page = JSON.readTree(limited.out()).get("result");
        assertThat(page.get("more").asBoolean()).isTrue();
        assertThat(page.get("query").get("limit").asInt()).isEqualTo(1);
        assertThat(ids(limited)).hasSize(1);
        assertThat(Cli.run("history", repo.toString(), "--limit", "1", "--no-color").out()).contains("--limit 0 shows all");
    }

    @Test
    void jsonCarriesTheRecordAndMarkdownTheLines() throws Exception {
        seed();
        JsonNode page = JSON.readTree(Cli.run("history", repo.toString(), "--env", "prod", "-f", "json").out()).get("result");
        assertThat(page.get("count").asInt()).isEqualTo(2);
        assertThat(page.get("query").get("environment").asText()).isEqualTo("prod");
        assertThat(page.has("narrative")).isFalse();
        JsonNode first = page.get("deployments").get(0);
        assertThat(first.get("state").asText()).isEqualTo("rolled_back");
        assertThat(first.get("actor").asText()).isEqualTo("bob");
        assertThat(first.get("durationMs").asLong()).isEqualTo(10_000);
        assertThat(first.get("kind").asText()).isEqualTo("deploy");
        assertThat(first.get("exitCode").asInt()).isEqualTo(4);
        assertThat(first.get("emergency").asBoolean()).isFalse();
        assertThat(first.get("reason").asText()).isEqualTo("hotfix attempt");
        assertThat(first.get("fromImage").asText()).isEqualTo("acme/api:1.2");
        assertThat(first.get("toSpecFingerprint").asText()).isEqualTo("cccc3333");
        assertThat(first.get("startedAt").asText()).isEqualTo("2026-11-20T11:00:00Z");
        assertThat(first.get("error").asText()).isEqualTo("rolled back: task-b failed its health gate");
        assertThat(first.get("phases").get(1).get("phase").asText()).isEqualTo("rollback");
        assertThat(first.get("phases").get(1).get("durationMs").asLong()).isEqualTo(6000);
        assertThat(first.get("gates").get(0).get("passed").asBoolean()).isFalse();
        assertThat(first.get("failedTasks").get(0).get("exitCode").asInt()).isEqualTo(1);
        assertThat(first.has("requestedSpec")).as("specs only with --id").isFalse();
        assertThat(first.has("events")).as("the timeline only with --id").isFalse();

        String md = Cli.run("history", repo.toString(), "-f", "markdown").out();
        assertThat(md).startsWith("## zerofail history").contains("```\n#").contains("why: release 1.2");
    }

    @Test
    void idShowsOneDeploymentWithItsTimelineAndMaskedSpecs() throws Exception {
        seed();
        Cli text = Cli.run("history", repo.toString(), "--id", String.valueOf(bad), "--no-color");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("#" + bad + "  prod/api", "swarm version: 11 → 13", "timeline:",
                "2026-11-20T11:00:00Z  +0.0 s  rollout", "2026-11-20T11:00:04Z  +4.0 s  rollback  health gate failed",
                "FAIL  container-health task-b: unhealthy after 2 checks").doesNotContain("#" + good + " ");
        JsonNode d = JSON.readTree(Cli.run("history", repo.toString(), "--id", String.valueOf(bad), "-f", "json").out())
                .get("result").get("deployments").get(0);
        assertThat(d.get("id").asLong()).isEqualTo(bad);
        assertThat(d.get("events")).hasSize(2);
        assertThat(d.get("events").get(1).get("phase").asText()).isEqualTo("rollback");
        assertThat(d.get("events").get(1).get("message").asText()).isEqualTo("health gate failed");
        assertThat(d.get("swarmVersionAfter").asLong()).isEqualTo(13);
        assertThat(d.get("requestedSpec").asText()).contains("API_TOKEN=pl4n…(").doesNotContain(PLANTED);

        Cli missing = Cli.run("history", repo.toString(), "--id", "999");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--id").contains("no deployment 999");
        Cli missingJson = Cli.run("history", repo.toString(), "--id", "999", "-f", "json");
        assertThat(missingJson.exit()).isEqualTo(2);
        JsonNode error = JSON.readTree(missingJson.out()).get("error");
        assertThat(error.get("kind").asText()).isEqualTo("usage");
        assertThat(error.get("where").asText()).isEqualTo("--id");
    }

    @Test
    void anEmptyRepositoryHasNoHistoryAndGetsNoDatabaseFile() {
        Cli r = Cli.run("history", repo.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("No deployments recorded yet");
        Cli json = Cli.run("history", repo.toString(), "-f", "json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"databaseExists\" : false", "\"count\" : 0");
        assertThat(repo.resolve(".zerofail")).doesNotExist();
    }

    @Test
    void configErrorsAreExitTwoAndAnUnreachableDatabaseExitThree() throws Exception {
        Files.writeString(repo.resolve("zerofail.yaml"), "history:\n  url: jdbc:sqlite:h.db\n  passwd-env: X\n");
        Cli bad = Cli.run("history", repo.toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("zerofail.yaml:3 history.passwd-env").contains("unknown key");

        Files.writeString(repo.resolve("zerofail.yaml"), "history:\n  url: jdbc:postgresql://127.0.0.1:1/zf\n"
                + "  password-env: ZEROFAIL_TEST_UNSET_VARIABLE_FOR_HISTORY\n");
        Cli unset = Cli.run("history", repo.toString());
        assertThat(unset.exit()).isEqualTo(2);
        assertThat(unset.err()).contains("ZEROFAIL_TEST_UNSET_VARIABLE_FOR_HISTORY");

        try (RefusedPort refused = new RefusedPort()) {
            int port = refused.port();
            Files.writeString(repo.resolve("zerofail.yaml"), "history:\n  url: jdbc:postgresql://127.0.0.1:" + port + "/zf\n");
            Cli down = Cli.run("history", repo.toString(), "-f", "json");
            assertThat(down.exit()).isEqualTo(3);
            assertThat(down.err()).contains("cannot reach the history database").contains("127.0.0.1:" + port);
        }
    }

    @Test
    void sinceAcceptsDatesInstantsAndTimesAgo() {
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(HistoryCommand.parseSince("7d", now)).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(HistoryCommand.parseSince("12h", now)).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(HistoryCommand.parseSince("2w", now)).isEqualTo(Instant.parse("2026-11-13T12:00:00Z"));
        assertThat(HistoryCommand.parseSince("2026-11-01", now)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(HistoryCommand.parseSince("2026-11-01T08:30:00Z", now)).isEqualTo(Instant.parse("2026-11-01T08:30:00Z"));
        Cli r = Cli.run("history", repo.toString(), "--since", "last tuesday");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--since");
    }

    private static java.util.List<Long> ids(Cli r) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        java.util.List<Long> out = new java.util.ArrayList<>();
        JSON.readTree(r.out()).get("result").get("deployments").forEach(d -> out.add(d.get("id").asLong()));
        return out;
    }
}
