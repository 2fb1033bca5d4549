package dev.zerofail.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.Contracts;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Result;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.DeployOutcome.Running;
import dev.zerofail.deploy.DeployOutcome.ServiceOutcome;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.deploy.VerifyResult;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.TaskFailure;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The results of deploy, rollback, verify and status need a Swarm to be produced by the CLI; here
 * they are built with every field set, so their JSON is checked against the published schemas
 * (a field a record gains without its schema fails) and their text against what the CLI printed.
 */
class DeployResultsTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    static Map<String, Long> phases(long... ms) {
        Map<String, Long> m = new LinkedHashMap<>();
        String[] names = {"preflight", "rollout", "verify", "rollback"};
        for (int i = 0; i < ms.length; i++) {
            m.put(names[i], ms[i]);
        }
        return m;
    }

    static ServiceOutcome succeeded() {
        return new ServiceOutcome("api", 7, DeployKind.DEPLOY, DeployState.SUCCEEDED, ExitCode.OK, "acme/api:1", "acme/api:2",
                null, List.of(new GateResult(7, T.plusMillis(900), "http", "task-abcdef1234567890", true, "200 in 12 ms")),
                List.of(), phases(0, 1200, 5400), new Running("acme_api", true, "acme/api:2", 2L, 2L, Map.of("acme/api:2", 2L),
                        "completed", null));
    }

    static ServiceOutcome rollbackFailed() {
        return new ServiceOutcome("worker", 8, DeployKind.EMERGENCY, DeployState.ROLLBACK_FAILED, ExitCode.ROLLBACK_FAILED,
                "acme/worker:1", "acme/worker:2", "rollback failed: acme/worker:1 did not become healthy",
                List.of(new GateResult(8, T.plusSeconds(3), "container-health", "task-b", false, "unhealthy after 2 checks")),
                List.of(new TaskFailure(8, "task-b", "task: non-zero exit (1)", 1, T.plusSeconds(3))), phases(0, 900),
                new Running("acme_worker", true, "acme/worker:2", 1L, 0L, Map.of(), "rollback_paused", null));
    }

    static ServiceOutcome recovered() {
        return new ServiceOutcome("web", 6, DeployKind.ROLLBACK, DeployState.ROLLED_BACK, ExitCode.ROLLED_BACK, null, "acme/web:1",
                null, List.of(), List.of(), Map.of(), new Running("acme_web", false, null, null, null, null, null, null));
    }

    static JsonNode json(String command, Result result) {
        return Contracts.assertValid(new JsonReporter().render(new Report(command, "/repo", result, List.of(), List.of())))
                .get("result");
    }

    static String text(String command, Result result) {
        return new TextReporter(false).render(new Report(command, "/repo", result, List.of(), List.of()));
    }

    @Test
    void aDeployOutcomeIsItsFactsInJsonAndTheServiceLinesInText() {
        DeployOutcome o = new DeployOutcome("prod", "deploy", List.of(recovered()), List.of(succeeded(), rollbackFailed()));
        JsonNode r = json("deploy", o);
        assertThat(r.get("exitCode").asInt()).isEqualTo(5);
        assertThat(r.get("command").asText()).isEqualTo("deploy");
        JsonNode worker = r.get("services").get(1);
        assertThat(worker.get("kind").asText()).isEqualTo("emergency");
        assertThat(worker.get("state").asText()).isEqualTo("rollback_failed");
        assertThat(worker.get("exitCode").asInt()).isEqualTo(5);
        assertThat(worker.get("failures").get(0).get("taskId").asText()).isEqualTo("task-b");
        assertThat(worker.get("gates").get(0).get("passed").asBoolean()).isFalse();
        assertThat(worker.get("phasesMs").get("rollout").asLong()).isEqualTo(900);
        assertThat(worker.get("runningNow").get("running").asLong()).isZero();
        assertThat(worker.get("runningNow").get("updateState").asText()).isEqualTo("rollback_paused");
        assertThat(r.get("services").get(0).get("runningNow").get("runningImages").get("acme/api:2").asLong()).isEqualTo(2);
        assertThat(r.get("recovered").get(0).get("runningNow").get("exists").asBoolean()).isFalse();

        assertThat(text("deploy", o)).isEqualTo("""
                recovered web: FAILED and rolled back; the old version is healthy (acme/web:1, deployment 6, 0 ms)
                api: deployed and verified (acme/api:1 → acme/api:2, deployment 7, 5400 ms)
                worker: FAILED and the ROLLBACK FAILED: a person must act (acme/worker:1 → acme/worker:2, deployment 8, 900 ms)
                    rollback failed: acme/worker:1 did not become healthy
                    failing task task-b exit 1: task: non-zero exit (1)
                    running now: acme_worker: spec image acme/worker:2, 0/1 running {}, update rollback_paused

                no findings
                """);
        String md = new MarkdownReporter().render(new Report("rollback", "/repo",
                new DeployOutcome("prod", "rollback", List.of(), List.of()), List.of(), List.of()));
        assertThat(md).startsWith("## zerofail rollback").contains("```\nnothing deployed\n```");
        json("rollback", new DeployOutcome("prod", "rollback", List.of(), List.of(succeeded())));
    }

    static ServiceOutcome drill(ExitCode exit, String detectedBy, Long detectionMs, DeployOutcome.Drill.Healthcheck hc) {
        return new ServiceOutcome("api", 9, DeployKind.DRILL, DeployState.ROLLED_BACK, exit, "acme/api:2", "acme/api:2",
                "container-health [task t9]: container healthcheck reports unhealthy",
                List.of(new GateResult(9, T.plusSeconds(2), "container-health", "t9", false, "unhealthy")), List.of(),
                phases(0, 1200), new Running("acme_api", true, "acme/api:2", 2L, 2L, Map.of("acme/api:2", 2L), "completed", null),
                new DeployOutcome.Drill(hc, detectedBy, detectionMs == null ? null : T.plusSeconds(2), detectionMs, 2300L));
    }

    @Test
    void aDrillShowsItsVerdictAndFiguresInJsonAndText() {
        DeployOutcome passed = new DeployOutcome("staging", "drill", List.of(),
                List.of(drill(ExitCode.OK, "container-health", 140L, DeployOutcome.Drill.Healthcheck.REPLACED)));
        JsonNode r = json("deploy", passed);
        assertThat(r.get("command").asText()).isEqualTo("drill");
        JsonNode d = r.get("services").get(0).get("drill");
        assertThat(r.get("services").get(0).get("kind").asText()).isEqualTo("drill");
        assertThat(d.get("healthcheck").asText()).isEqualTo("replaced");
        assertThat(d.get("detectionMs").asLong()).isEqualTo(140);
        assertThat(d.get("restoreMs").asLong()).isEqualTo(2300);
        assertThat(d.get("firstFailedCheckAt").asText()).isEqualTo("2026-11-20T10:00:02Z");
        assertThat(text("deploy", passed)).contains("api: drill rolled back; the old version is healthy")
                .contains("drill passed: detected by container-health 140 ms after the first failed check; "
                        + "old version healthy again 2300 ms after the rollback started")
                .doesNotContain("note:");

        DeployOutcome undetected = new DeployOutcome("staging", "drill", List.of(),
                List.of(drill(ExitCode.FINDINGS, null, null, DeployOutcome.Drill.Healthcheck.ADDED)));
        JsonNode u = json("deploy", undetected).get("services").get(0).get("drill");
        assertThat(u.has("detectedBy")).isFalse();
        assertThat(u.has("detectionMs")).isFalse();
        assertThat(text("deploy", undetected)).contains("drill FAILED: the failing variant was not detected")
                .contains("note: api has no healthcheck of its own");
    }

    @Test
    void runningNowReadsAsTheLineProgressAndRecoveryQuote() {
        assertThat(new Running("acme_api", false, null, null, null, null, null, null)).hasToString("acme_api: no such service");
        assertThat(new Running("acme_api", false, null, null, null, null, null, "connection refused"))
                .hasToString("acme_api: unknown (connection refused)");
        assertThat(succeeded().runningNow()).hasToString("acme_api: spec image acme/api:2, 2/2 running {acme/api:2=2}, update completed");
    }

    @Test
    void verifyListsEveryGateWithItsReplica() {
        VerifyResult v = VerifyResult.of("prod", null, List.of(
                new Inspector.Check("api", "http", 1, "abcdef1234567890xyz", true, "200 in 3 ms"),
                new Inspector.Check("api", "prometheus", null, "up == 1", false, "0 series"),
                new Inspector.Check("web", "service", null, null, false, "acme_web is not deployed")));
        assertThat(v.passed()).isFalse();
        JsonNode r = json("verify", v);
        assertThat(r.get("failed").asInt()).isEqualTo(2);
        assertThat(r.get("checks").get(0).get("slot").asInt()).isEqualTo(1);
        assertThat(r.get("checks").get(2).has("target")).isFalse();
        assertThat(text("verify", v)).startsWith("""
                ✔ api http [slot 1 (task abcdef123456)]: 200 in 3 ms
                ✘ api prometheus [up == 1]: 0 series
                ✘ web service [service]: acme_web is not deployed
                2 gate(s) failed
                """);
        VerifyResult one = VerifyResult.of("prod", "api", List.of(new Inspector.Check("api", "container-health", 2, "t2", true,
                "healthy after 40ms")));
        assertThat(json("verify", one).get("service").asText()).isEqualTo("api");
        assertThat(text("verify", one)).contains("all gates pass");
    }

    @Test
    void statusCarriesTheLastAndTheRunningDeploymentAsRecords() {
        String spec = "{\"Name\":\"acme_api\"}";
        Deployment last = new Deployment(7, "prod", "api", DeployKind.DEPLOY, DeployState.SUCCEEDED, "alice", "release 2",
                "acme/api:1", "acme/api:2", "aaaa1111", "bbbb2222", spec, spec, 10L, 11L, T, T.plusSeconds(6), 0, null, false);
        Deployment now = new Deployment(9, "prod", "api", DeployKind.EMERGENCY, DeployState.RUNNING, "bob", "hot fix",
                "acme/api:2", "acme/api:3", "bbbb2222", "cccc3333", spec, spec, 11L, null, T.plusSeconds(60), null, null, null, true);
        StatusResult s = new StatusResult("prod", List.of(
                new Inspector.ServiceStatus("api", "acme_api", true, "acme/api:2", 2, 2, 1, "completed", DeploymentRecord.of(last),
                        DeploymentRecord.of(now)),
                new Inspector.ServiceStatus("web", "acme_web", false, null, 0, 0, 0, null, null, null)), List.of(rollbackFailed()));
        assertThat(s.exitCode()).as("a recovery whose rollback failed").isEqualTo(ExitCode.ROLLBACK_FAILED);
        assertThat(new StatusResult("prod", List.of(), List.of(recovered())).exitCode()).isEqualTo(ExitCode.OK);

        JsonNode r = json("status", s);
        JsonNode api = r.get("services").get(0);
        assertThat(api.get("last").get("id").asLong()).isEqualTo(7);
        assertThat(api.get("last").get("state").asText()).isEqualTo("succeeded");
        assertThat(api.get("last").get("durationMs").asLong()).isEqualTo(6000);
        assertThat(api.get("last").has("requestedSpec")).as("specs only in history --id").isFalse();
        assertThat(api.get("inProgress").get("emergency").asBoolean()).isTrue();
        assertThat(api.get("inProgress").get("actor").asText()).isEqualTo("bob");
        assertThat(r.get("services").get(1).has("last")).isFalse();
        assertThat(r.get("recovered").get(0).get("state").asText()).isEqualTo("rollback_failed");

        assertThat(text("status", s)).startsWith("recovered worker: FAILED and the ROLLBACK FAILED")
                .contains("api (acme_api): acme/api:2, 2/2 running, 1 healthy, update completed; last: #7 deploy succeeded "
                        + "acme/api:2 by alice at 2026-11-20T10:00:00Z; IN PROGRESS: #9 emergency running acme/api:3 by bob at "
                        + "2026-11-20T10:01:00Z (EMERGENCY)\n")
                .contains("web (acme_web): not deployed; never deployed by zerofail\n");
    }
}
