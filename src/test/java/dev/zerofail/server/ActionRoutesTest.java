package dev.zerofail.server;

import static dev.zerofail.server.ServerHarness.ADMIN_TOKEN;
import static dev.zerofail.server.ServerHarness.DEPLOYER_TOKEN;
import static dev.zerofail.server.ServerHarness.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.ApiAudit;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/v1/deployments and /api/v1/rollbacks over real HTTP, with {@link FakeEngine} in place of Docker. */
class ActionRoutesTest {
    @TempDir
    Path dir;

    private final FakeEngine engine = new FakeEngine();
    private ServerHarness h;

    private ServerHarness start() {
        h = new ServerHarness(dir, Set.of(), 1000, env -> {
            throw new IllegalStateException("status not used");
        }, List.of(), engine);
        return h;
    }

    @AfterEach
    void stop() {
        engine.release.countDown();
        if (h != null) {
            h.close();
        }
    }

    private ServerHarness.Exchange post(String path, String token, String body) {
        ServerHarness.Exchange e = h.post(path, token, body);
        OpenApiContract.assertMatches("POST", path, e.status(), e.header("Content-Type"), e.body());
        return e;
    }

    private static JsonNode json(ServerHarness.Exchange e) {
        return OpenApiContract.read(e.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void assertProblem(ServerHarness.Exchange e, int status, String type, String parameter) {
        assertThat(e.status()).as(e.body()).isEqualTo(status);
        assertThat(e.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = json(e);
        assertThat(p.path("type").asText()).isEqualTo("urn:zerofail:problem:" + type);
        if (parameter != null) {
            assertThat(p.path("parameter").asText()).as(e.body()).isEqualTo(parameter);
        }
    }

    private Deployment awaitState(long id, DeployState state) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            Deployment d = h.store.get(id).orElseThrow();
            if (d.state() == state) {
                return d;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("deployment " + id + " never reached " + state);
    }

    /** The server releases the lock right after the engine returns: wait until it is free. */
    private void awaitUnlocked(String env, String service) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            try (HistoryStore.DeployLock l = h.store.lock(env, service, "test", Duration.ZERO)) {
                return;
            } catch (ZerofailException e) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError(env + "/" + service + " stayed locked");
    }

    @Test
    void aDeployIsAcceptedWithItsIdAndLocationRunsAsyncAndHoldsTheLockUntilItEnds() throws Exception {
        start();
        ServerHarness.Exchange first = post("/api/v1/deployments", DEPLOYER_TOKEN,
                "{\"env\":\"prod\",\"service\":\"api\",\"tag\":\"1.4.2\",\"reason\":\"release 1.4.2\"}");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        long id = json(first).path("deploymentId").asLong();
        assertThat(id).isPositive();
        assertThat(first.header("Location")).isEqualTo("/api/v1/deployments/" + id);
        assertThat(json(first).path("kind").asText()).isEqualTo("deploy");
        // the engine got the validated request with the token's name as the actor
        DeployEngine.Action a = engine.actions.get(0);
        assertThat(a).isEqualTo(new DeployEngine.Action("deploy", "prod", "api", null, "1.4.2", null, "api:ci", "release 1.4.2", false));
        // still running when the 202 came back: the Location shows it
        ServerHarness.Exchange poll = h.get(first.header("Location"), VIEWER_TOKEN);
        assertThat(json(poll).path("state").asText()).isEqualTo("running");
        assertThat(json(poll).path("toImage").asText()).isEqualTo("acme/api:1.4.2");
        // the engine's own lock call got the server's lock, held by the token's name on this process
        assertThat(engine.lockHolders).singleElement().asString().startsWith("api:ci (serve pid ");

        // the same service is locked for a deploy and a rollback; another service is not
        ServerHarness.Exchange second = post("/api/v1/deployments", ADMIN_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}");
        assertProblem(second, 409, "deploy-locked", null);
        assertThat(json(second).path("detail").asText()).contains("prod/api").contains("api:ci").contains("deployment " + id);
        assertProblem(post("/api/v1/rollbacks", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}"), 409, "deploy-locked", null);
        assertThat(post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"web\"}").status()).isEqualTo(202);

        engine.release.countDown();
        awaitState(id, DeployState.SUCCEEDED);
        awaitUnlocked("prod", "api");
        engine.release = new java.util.concurrent.CountDownLatch(0);
        ServerHarness.Exchange rollback = post("/api/v1/rollbacks", DEPLOYER_TOKEN,
                "{\"env\":\"prod\",\"service\":\"api\",\"to\":\"previous\",\"reason\":\"bad release\"}");
        assertThat(rollback.status()).as(rollback.body()).isEqualTo(202);
        long rid = json(rollback).path("deploymentId").asLong();
        assertThat(rid).isGreaterThan(id);
        assertThat(awaitState(rid, DeployState.SUCCEEDED).kind()).isEqualTo(DeployKind.ROLLBACK);
        assertThat(engine.actions.get(engine.actions.size() - 1).to()).isEqualTo("previous");
    }

    @Test
    void twoConcurrentPostsForOneServiceGiveExactlyOne202AndOne409() throws Exception {
        start();
        for (int round = 0; round < 5; round++) {
            engine.release = new java.util.concurrent.CountDownLatch(1);
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<ServerHarness.Exchange>> answers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Callable<ServerHarness.Exchange> call = () -> {
                    together.await();
                    return h.post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"staging\",\"service\":\"api\"}");
                };
                answers.add(pool.submit(call));
            }
            List<Integer> statuses = new ArrayList<>();
            long accepted = 0;
            for (Future<ServerHarness.Exchange> f : answers) {
                ServerHarness.Exchange e = f.get();
                statuses.add(e.status());
                if (e.status() == 202) {
                    accepted = json(e).path("deploymentId").asLong();
                }
            }
            pool.shutdown();
            assertThat(statuses).as("round %d", round).containsExactlyInAnyOrder(202, 409);
            engine.release.countDown();
            awaitState(accepted, DeployState.SUCCEEDED);
            awaitUnlocked("staging", "api");
        }
    }

    @Test
    void everyFieldIsValidatedAndA400NamesIt() {
        start();
        String d = "/api/v1/deployments";
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\","), 400, "invalid-parameter", "body");
        assertProblem(post(d, DEPLOYER_TOKEN, "[1,2]"), 400, "invalid-parameter", "body");
        assertProblem(post(d, DEPLOYER_TOKEN, null), 400, "invalid-parameter", "body");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"service\":\"api\"}"), 400, "invalid-parameter", "env");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\"}"), 400, "invalid-parameter", "service");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"qa\",\"service\":\"api\"}"), 400, "invalid-parameter", "env");
        ServerHarness.Exchange unknownService = post(d, DEPLOYER_TOKEN, "{\"env\":\"staging\",\"service\":\"web\"}");
        assertProblem(unknownService, 400, "invalid-parameter", "service");
        assertThat(json(unknownService).path("detail").asText()).contains("one of api");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"force\":true}"), 400, "invalid-parameter", "force");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"to\":\"previous\"}"), 400, "invalid-parameter", "to");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":7,\"service\":\"api\"}"), 400, "invalid-parameter", "env");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api; rm -rf /\"}"), 400, "invalid-parameter", "service");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"image\":\"acme/api 2\"}"), 400,
                "invalid-parameter", "image");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"image\":\"acme/api:2\",\"tag\":\"3\"}"), 400,
                "invalid-parameter", "tag");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"reason\":\"two\\nlines\"}"), 400,
                "invalid-parameter", "reason");
        // the emergency path needs the CLI's confirmation word, and the word needs the emergency
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"emergency\":true}"), 400,
                "invalid-parameter", "confirm");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"emergency\":true,\"confirm\":\"yes\"}"), 400,
                "invalid-parameter", "confirm");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"confirm\":\"DEPLOY\"}"), 400,
                "invalid-parameter", "confirm");
        assertProblem(post(d, DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"emergency\":\"true\",\"confirm\":\"DEPLOY\"}"),
                400, "invalid-parameter", "emergency");
        assertProblem(post("/api/v1/rollbacks", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"to\":\"../x\"}"), 400,
                "invalid-parameter", "to");
        assertProblem(post("/api/v1/rollbacks", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"image\":\"a:1\"}"), 400,
                "invalid-parameter", "image");
        assertProblem(h.post(d + "?env=prod", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}"), 400, "invalid-parameter", "env");
        assertThat(engine.actions).isEmpty();

        ServerHarness.Exchange emergency = post(d, DEPLOYER_TOKEN,
                "{\"env\":\"prod\",\"service\":\"api\",\"emergency\":true,\"confirm\":\"DEPLOY\",\"image\":\"acme/api:hotfix\"}");
        assertThat(emergency.status()).as(emergency.body()).isEqualTo(202);
        assertThat(engine.actions).singleElement().satisfies(a -> {
            assertThat(a.emergency()).isTrue();
            assertThat(a.image()).isEqualTo("acme/api:hotfix");
        });
    }

    @Test
    void aViewerGets403AndEveryRequestIsAuditedWithTheTokensNameAndTheResult() throws Exception {
        start();
        assertProblem(post("/api/v1/deployments", VIEWER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}"), 403, "forbidden", null);
        assertProblem(post("/api/v1/rollbacks", VIEWER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}"), 403, "forbidden", null);
        assertProblem(post("/api/v1/deployments", null, "{\"env\":\"prod\",\"service\":\"api\"}"), 401, "missing-token", null);
        assertThat(engine.actions).isEmpty();
        long id = json(post("/api/v1/deployments", DEPLOYER_TOKEN,
                "{\"env\":\"prod\",\"service\":\"api\",\"image\":\"acme/api:9\",\"reason\":\"why\"}")).path("deploymentId").asLong();
        post("/api/v1/deployments", ADMIN_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}");
        post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"nope\",\"service\":\"api\"}");

        List<ApiAudit> log = h.store.auditLog(100);
        assertThat(log).extracting(ApiAudit::status).containsExactly(400, 409, 202, 401, 403, 403);
        assertThat(log).extracting(ApiAudit::tokenName).containsExactly("ci", "ops", "ci", null, "dash", "dash");
        assertThat(log).extracting(ApiAudit::path).containsExactly("/api/v1/deployments", "/api/v1/deployments",
                "/api/v1/deployments", "/api/v1/deployments", "/api/v1/rollbacks", "/api/v1/deployments");
        assertThat(log.get(2).summary()).isEqualTo("deploy env=prod service=api image=acme/api:9 reason=why deployment=" + id);
        assertThat(log.get(1).summary()).isEqualTo("deploy env=prod service=api");
        for (ApiAudit a : log) {
            assertThat(a.toString()).doesNotContain(DEPLOYER_TOKEN).doesNotContain(VIEWER_TOKEN).doesNotContain(ADMIN_TOKEN);
        }
    }

    @Test
    void theEnginesRefusalBeforeRecordingIsAProblemAndFreesTheLock() throws Exception {
        start();
        engine.failBeforeRecord = ZerofailException.usage("--to 41", "no deployment 41", "see zerofail history --env prod");
        ServerHarness.Exchange bad = post("/api/v1/rollbacks", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\",\"to\":\"41\"}");
        assertProblem(bad, 400, "invalid-parameter", "to");
        assertThat(json(bad).path("detail").asText()).isEqualTo("no deployment 41");
        awaitUnlocked("prod", "api");
        engine.failBeforeRecord = new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "docker", "Docker does not answer",
                "start it");
        assertProblem(post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}"), 503,
                "dependency-unavailable", null);
        awaitUnlocked("prod", "api");
        engine.failBeforeRecord = new IllegalStateException("secret detail hunter2");
        ServerHarness.Exchange boom = post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}");
        assertProblem(boom, 500, "internal", null);
        assertThat(boom.body()).doesNotContain("hunter2");
        awaitUnlocked("prod", "api");
        engine.failBeforeRecord = null;
        assertThat(post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}").status()).isEqualTo(202);
    }

    @Test
    void withoutAnEngineAPostIs503() {
        h = new ServerHarness(dir, Set.of(), 1000, env -> null, List.of());
        assertProblem(post("/api/v1/deployments", DEPLOYER_TOKEN, "{\"env\":\"prod\",\"service\":\"api\"}"), 503,
                "dependency-unavailable", null);
    }
}
