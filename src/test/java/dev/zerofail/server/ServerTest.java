package dev.zerofail.server;

import static dev.zerofail.server.ServerHarness.ADMIN_TOKEN;
import static dev.zerofail.server.ServerHarness.DEPLOYER_TOKEN;
import static dev.zerofail.server.ServerHarness.VIEWER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.history.ApiAudit;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.DeploymentRecord;
import io.javalin.http.HandlerType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over real HTTP on 127.0.0.1, every response checked against openapi.json. */
class ServerTest {
    /** Routes the tests need beyond the read API: an audited deployer action and a handler that fails. */
    private static final RouteGroup TEST_ROUTES = routes -> {
        routes.change(HandlerType.POST, "/test/actions", Access.DEPLOYER, ctx -> "service=api", ctx -> {
            ctx.status(202);
            Server.json(ctx, new ServerHarnessBody("accepted"));
        });
        routes.get("/test/boom", Access.VIEWER, ctx -> {
            throw new IllegalStateException("internal detail password=hunter2-boom");
        });
    };

    record ServerHarnessBody(String status) {
    }

    @TempDir
    Path dir;

    private ServerHarness h;
    private boolean storeClosed;
    private StatusSource status = env -> new StatusResult(env, List.of(new Inspector.ServiceStatus("api", "shop_api", true,
            "acme/api:2", 2, 2, 2, "completed", null, null)), List.of());

    private ServerHarness start(Set<String> anonymous, int failuresPerMinute) {
        h = new ServerHarness(dir, anonymous, failuresPerMinute, env -> status.status(env), List.of(TEST_ROUTES));
        return h;
    }

    private ServerHarness start() {
        return start(Set.of(), 1000);
    }

    @AfterEach
    void stop() {
        if (h != null) {
            try {
                assertNoSecretsIn(h, !storeClosed);
            } finally {
                h.close();
            }
        }
    }

    /** The response of a documented route, checked against openapi.json. */
    private ServerHarness.Exchange documented(String template, String path, String token) {
        ServerHarness.Exchange e = h.get(path, token);
        OpenApiContract.assertMatches("GET", template, e.status(), e.header("Content-Type"), e.body());
        return e;
    }

    private static JsonNode json(ServerHarness.Exchange e) {
        return OpenApiContract.read(e.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertProblem(ServerHarness.Exchange e, int status, String type, String parameter) {
        assertThat(e.status()).as(e.body()).isEqualTo(status);
        assertThat(e.header("Content-Type")).startsWith("application/problem+json");
        OpenApiContract.assertProblemDocument(e.body());
        JsonNode p = json(e);
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("type").asText()).isEqualTo("urn:zerofail:problem:" + type);
        if (parameter != null) {
            assertThat(p.path("parameter").asText()).isEqualTo(parameter);
        } else {
            assertThat(p.has("parameter")).isFalse();
        }
    }

    @Test
    void everyAuthenticationCase() {
        start();
        assertProblem(documented("/api/v1/environments", "/api/v1/environments", null), 401, "missing-token", null);
        ServerHarness.Exchange none = h.get("/api/v1/environments", null);
        assertThat(none.header("WWW-Authenticate")).startsWith("Bearer realm=\"zerofail\"");
        for (String malformed : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer two words", "Bearer tok\"en", "Token " + VIEWER_TOKEN)) {
            assertProblem(h.send("GET", "/api/v1/environments", null, malformed), 401, "malformed-token", null);
        }
        assertProblem(documented("/api/v1/environments", "/api/v1/environments", "zf_wrong-token-0123456789"), 401,
                "invalid-token", null);
        // a prefix or extension of a real token is wrong too
        assertProblem(h.get("/api/v1/environments", VIEWER_TOKEN + "x"), 401, "invalid-token", null);
        assertProblem(h.get("/api/v1/environments", VIEWER_TOKEN.substring(0, 20)), 401, "invalid-token", null);
        for (String token : List.of(VIEWER_TOKEN, DEPLOYER_TOKEN, ADMIN_TOKEN)) {
            assertThat(documented("/api/v1/environments", "/api/v1/environments", token).status()).isEqualTo(200);
            // the second time comes from the verified-token cache; the answer must be the same
            assertThat(h.get("/api/v1/environments", token).status()).isEqualTo(200);
        }
        // the scheme is case-insensitive (RFC 7235)
        assertThat(h.send("GET", "/api/v1/environments", null, "bearer " + VIEWER_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void rolesViewerBelowDeployerBelowAdminAndEveryChangeIsAudited() {
        start();
        ServerHarness.Exchange viewer = h.send("POST", "/test/actions", VIEWER_TOKEN, null);
        assertProblem(viewer, 403, "forbidden", null);
        assertThat(json(viewer).path("detail").asText()).contains("deployer").contains("'dash'");
        assertThat(h.send("POST", "/test/actions", DEPLOYER_TOKEN, null).status()).isEqualTo(202);
        assertThat(h.send("POST", "/test/actions", ADMIN_TOKEN, null).status()).isEqualTo(202);
        assertProblem(h.send("POST", "/test/actions", null, null), 401, "missing-token", null);
        assertProblem(h.send("POST", "/test/actions", "zf_wrong-token-0123456789", null), 401, "invalid-token", null);
        // GET routes are not audited
        h.get("/api/v1/environments", VIEWER_TOKEN);

        List<ApiAudit> log = h.store.auditLog(100);
        assertThat(log).extracting(ApiAudit::status).containsExactly(401, 401, 202, 202, 403);
        assertThat(log).extracting(ApiAudit::tokenName).containsExactly(null, null, "ops", "ci", "dash");
        assertThat(log).extracting(ApiAudit::role).containsExactly(null, null, "admin", "deployer", "viewer");
        assertThat(log).allSatisfy(a -> {
            assertThat(a.method()).isEqualTo("POST");
            assertThat(a.path()).isEqualTo("/test/actions");
            assertThat(a.summary()).isEqualTo("service=api");
        });
    }

    @Test
    void aGetRouteCannotBeRegisteredAsAChange() {
        Routes r = new Routes(null, null, ServeConfig.defaults());
        assertThatThrownBy(() -> r.change(HandlerType.GET, "/x", Access.VIEWER, ctx -> null, ctx -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthIsAnonymousOnlyWhenConfigured() {
        start();
        assertProblem(documented("/healthz", "/healthz", null), 401, "missing-token", null);
        assertProblem(documented("/readyz", "/readyz", null), 401, "missing-token", null);
        assertThat(documented("/healthz", "/healthz", VIEWER_TOKEN).status()).isEqualTo(200);
        h.close();
        h = null;
        start(Set.of("healthz"), 1000);
        assertThat(json(documented("/healthz", "/healthz", null)).path("status").asText()).isEqualTo("ok");
        assertThat(json(documented("/readyz", "/readyz", null)).path("status").asText()).isEqualTo("ready");
        // a token sent to an open route is still checked
        assertProblem(h.get("/healthz", "zf_wrong-token-0123456789"), 401, "invalid-token", null);
        // opening health opens nothing else
        assertProblem(h.get("/api/v1/environments", null), 401, "missing-token", null);
    }

    @Test
    void readyIs503WhenTheStoreDoesNotAnswer() {
        start(Set.of("healthz"), 1000);
        h.store.close();
        storeClosed = true;
        assertProblem(documented("/readyz", "/readyz", null), 503, "store-unavailable", null);
        assertThat(documented("/healthz", "/healthz", null).status()).isEqualTo(200);
    }

    @Test
    void failedAuthenticationIsRateLimitedPerAddress() {
        start(Set.of(), 3);
        for (int i = 0; i < 3; i++) {
            assertProblem(h.get("/api/v1/environments", "zf_guess-" + i + "-0123456789abc"), 401, "invalid-token", null);
        }
        ServerHarness.Exchange limited = documented("/api/v1/environments", "/api/v1/environments", "zf_guess-4-0123456789abc");
        assertProblem(limited, 429, "too-many-failed-logins", null);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        // while limited, even the right token waits: a guess that happens to be right gains nothing
        assertProblem(h.get("/api/v1/environments", VIEWER_TOKEN), 429, "too-many-failed-logins", null);
        // a missing token is not a guess and does not count, but gets no answer either while limited
        assertProblem(h.get("/api/v1/environments", null), 429, "too-many-failed-logins", null);
        h.clock.now = h.clock.now.plusSeconds(61);
        assertThat(h.get("/api/v1/environments", VIEWER_TOKEN).status()).isEqualTo(200);
        assertProblem(h.get("/api/v1/environments", "zf_guess-5-0123456789abc"), 401, "invalid-token", null);
    }

    @Test
    void environmentsListsZerofailYaml() {
        start();
        JsonNode body = json(documented("/api/v1/environments", "/api/v1/environments", VIEWER_TOKEN));
        assertThat(body.path("environments").findValuesAsText("name")).containsExactly("prod", "staging");
        assertThat(body.path("environments").get(0).path("stack").asText()).isEqualTo("shop");
        assertThat(body.path("environments").get(0).path("services").toString()).isEqualTo("[\"api\",\"web\"]");
    }

    @Test
    void statusOfAnEnvironmentAndDockerDown() {
        start();
        JsonNode body = json(documented("/api/v1/status", "/api/v1/status?env=prod", VIEWER_TOKEN));
        assertThat(body.path("environment").asText()).isEqualTo("prod");
        assertThat(body.path("services").get(0).path("healthy").asInt()).isEqualTo(2);
        // a source that reads on every call: read now, so no age
        assertThat(body.path("readAt").asText()).isEqualTo(ServerHarness.T0.toString());
        assertThat(body.path("ageMs").asLong()).isZero();
        assertProblem(documented("/api/v1/status", "/api/v1/status", VIEWER_TOKEN), 400, "invalid-parameter", "env");
        assertProblem(documented("/api/v1/status", "/api/v1/status?env=qa", VIEWER_TOKEN), 400, "invalid-parameter", "env");
        assertProblem(documented("/api/v1/status", "/api/v1/status?env=prod&verbose=1", VIEWER_TOKEN), 400,
                "invalid-parameter", "verbose");
        status = env -> {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "unix:///var/run/docker.sock",
                    "Docker is not reachable", "start Docker");
        };
        ServerHarness.Exchange down = documented("/api/v1/status", "/api/v1/status?env=prod", VIEWER_TOKEN);
        assertProblem(down, 503, "dependency-unavailable", null);
        assertThat(json(down).path("detail").asText()).contains("Docker is not reachable");
    }

    @Test
    void statusIsServedFromOneReadASecondAndSaysHowOld() {
        AtomicInteger reads = new AtomicInteger();
        ServerHarness[] harness = new ServerHarness[1];
        Clock shared = new dev.zerofail.SuppliedClock(() -> harness[0] == null ? ServerHarness.T0 : harness[0].clock.instant());
        StatusSource fake = status;
        StatusSnapshots snapshots = new StatusSnapshots(env -> {
            reads.incrementAndGet();
            return fake.status(env);
        }, shared, Duration.ofSeconds(1), Duration.ofSeconds(10), Runnable::run);
        h = new ServerHarness(dir, Set.of(), 1000, snapshots, List.of(TEST_ROUTES));
        harness[0] = h;
        JsonNode first = json(documented("/api/v1/status", "/api/v1/status?env=prod", VIEWER_TOKEN));
        assertThat(first.path("ageMs").asLong()).isZero();
        h.clock.now = ServerHarness.T0.plusMillis(400);
        JsonNode second = json(documented("/api/v1/status", "/api/v1/status?env=prod", VIEWER_TOKEN));
        assertThat(second.path("readAt").asText()).isEqualTo(ServerHarness.T0.toString());
        assertThat(second.path("ageMs").asLong()).isEqualTo(400);
        assertThat(reads.get()).isEqualTo(1);
        // stale: this caller still gets the last read while the refresh runs; the next gets the new one
        h.clock.now = ServerHarness.T0.plusMillis(1500);
        assertThat(json(documented("/api/v1/status", "/api/v1/status?env=prod", VIEWER_TOKEN)).path("ageMs").asLong()).isEqualTo(1500);
        JsonNode fresh = json(documented("/api/v1/status", "/api/v1/status?env=prod", VIEWER_TOKEN));
        assertThat(fresh.path("ageMs").asLong()).isZero();
        assertThat(fresh.path("readAt").asText()).isEqualTo(ServerHarness.T0.plusMillis(1500).toString());
        assertThat(reads.get()).isEqualTo(2);
    }

    @Test
    void badParametersAreProblemsNamingThem() {
        start();
        String t = "/api/v1/deployments";
        String[][] cases = {
            {"?env=qa", "env"}, {"?env=", "env"}, {"?service=a%20b", "service"}, {"?state=done", "state"},
            {"?state=SUCCEEDED", "state"}, {"?since=yesterday", "since"}, {"?since=2026-13-01", "since"},
            {"?limit=0", "limit"}, {"?limit=501", "limit"}, {"?limit=-1", "limit"}, {"?limit=ten", "limit"},
            {"?limit=99999999999", "limit"}, {"?cursor=abc", "cursor"}, {"?cursor=" + b64("d1:0"), "cursor"},
            {"?cursor=" + b64("d1:-5"), "cursor"}, {"?cursor=" + b64("x:5"), "cursor"}, {"?page=2", "page"},
            {"?limit=5&limit=6", "limit"},
        };
        for (String[] c : cases) {
            ServerHarness.Exchange e = documented(t, t + c[0], VIEWER_TOKEN);
            assertProblem(e, 400, "invalid-parameter", c[1]);
        }
        assertProblem(documented("/api/v1/deployments/{id}", "/api/v1/deployments/abc", VIEWER_TOKEN), 400,
                "invalid-parameter", "id");
        assertProblem(documented("/api/v1/deployments/{id}", "/api/v1/deployments/0", VIEWER_TOKEN), 400,
                "invalid-parameter", "id");
        assertProblem(documented("/api/v1/environments", "/api/v1/environments?x=1", VIEWER_TOKEN), 400,
                "invalid-parameter", "x");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void oneDeploymentInFullOr404() {
        start();
        long id = h.deployment("prod", "api", 0, DeployState.ROLLED_BACK);
        h.store.event(new dev.zerofail.history.DeployEvent(id, ServerHarness.T0.plusSeconds(1), "apply", "update sent"));
        h.store.gate(new dev.zerofail.history.GateResult(id, ServerHarness.T0.plusSeconds(5), "http", "http://127.0.0.1/health",
                false, "503"));
        h.store.taskFailure(new dev.zerofail.history.TaskFailure(id, "task-1", "exit 1", 1, ServerHarness.T0.plusSeconds(6)));
        JsonNode d = json(documented("/api/v1/deployments/{id}", "/api/v1/deployments/" + id, VIEWER_TOKEN));
        assertThat(d.path("id").asLong()).isEqualTo(id);
        assertThat(d.path("state").asText()).isEqualTo("rolled_back");
        assertThat(d.path("events").get(0).path("message").asText()).isEqualTo("update sent");
        assertThat(d.path("gates").get(0).path("passed").asBoolean()).isFalse();
        assertThat(d.path("failedTasks").get(0).path("taskId").asText()).isEqualTo("task-1");
        ServerHarness.Exchange missing = documented("/api/v1/deployments/{id}", "/api/v1/deployments/" + (id + 1000), VIEWER_TOKEN);
        assertProblem(missing, 404, "not-found", null);
    }

    @Test
    void pagesAreBoundedFilteredAndStableWhileDeploymentsArrive() {
        start();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(h.deployment(i % 3 == 0 ? "staging" : "prod", i % 2 == 0 ? "api" : "web", i,
                    i % 4 == 0 ? DeployState.ROLLED_BACK : DeployState.SUCCEEDED));
        }
        JsonNode first = json(documented("/api/v1/deployments", "/api/v1/deployments?limit=5", VIEWER_TOKEN));
        assertThat(ids(first)).containsExactly(ids.get(11), ids.get(10), ids.get(9), ids.get(8), ids.get(7));
        assertThat(first.path("limit").asInt()).isEqualTo(5);
        // deployments arriving between pages do not shift the next page
        long newer = h.deployment("prod", "api", 99, DeployState.RUNNING);
        JsonNode second = json(documented("/api/v1/deployments", "/api/v1/deployments?limit=5&cursor="
                + first.path("nextCursor").asText(), VIEWER_TOKEN));
        assertThat(ids(second)).containsExactly(ids.get(6), ids.get(5), ids.get(4), ids.get(3), ids.get(2));
        JsonNode last = json(documented("/api/v1/deployments", "/api/v1/deployments?limit=5&cursor="
                + second.path("nextCursor").asText(), VIEWER_TOKEN));
        assertThat(ids(last)).containsExactly(ids.get(1), ids.get(0));
        assertThat(last.has("nextCursor")).isFalse();
        // exactly a full last page has no next cursor either
        JsonNode exact = json(h.get("/api/v1/deployments?limit=13", VIEWER_TOKEN));
        assertThat(ids(exact)).hasSize(13).startsWith(newer);
        assertThat(exact.has("nextCursor")).isFalse();
        // the default and the bounds
        assertThat(json(h.get("/api/v1/deployments", VIEWER_TOKEN)).path("limit").asInt()).isEqualTo(50);
        assertThat(ids(json(h.get("/api/v1/deployments?limit=1", VIEWER_TOKEN)))).containsExactly(newer);
        assertThat(json(h.get("/api/v1/deployments?limit=500", VIEWER_TOKEN)).path("limit").asInt()).isEqualTo(500);
        // filters, alone and with paging
        JsonNode staging = json(documented("/api/v1/deployments", "/api/v1/deployments?env=staging&service=api", VIEWER_TOKEN));
        assertThat(ids(staging)).containsExactly(ids.get(6), ids.get(0));
        JsonNode rolledBack = json(h.get("/api/v1/deployments?state=rolled_back&limit=2", VIEWER_TOKEN));
        assertThat(ids(rolledBack)).containsExactly(ids.get(8), ids.get(4));
        assertThat(ids(json(h.get("/api/v1/deployments?state=rolled_back&limit=2&cursor="
                + rolledBack.path("nextCursor").asText(), VIEWER_TOKEN)))).containsExactly(ids.get(0));
        String since = ServerHarness.T0.plusSeconds(60L * 10).toString();
        assertThat(ids(json(h.get("/api/v1/deployments?since=" + since, VIEWER_TOKEN))))
                .containsExactly(newer, ids.get(11), ids.get(10));
        assertThat(ids(json(h.get("/api/v1/deployments?since=2026-11-21", VIEWER_TOKEN)))).isEmpty();
        assertThat(ids(json(h.get("/api/v1/deployments?state=running", VIEWER_TOKEN)))).containsExactly(newer);
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("deployments").forEach(d -> out.add(d.path("id").asLong()));
        return out;
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        start();
        List<ServerHarness.Exchange> all = List.of(h.get("/api/v1/environments", VIEWER_TOKEN), h.get("/api/v1/environments", null),
                h.get("/nowhere", VIEWER_TOKEN), h.get("/nowhere", null), h.send("DELETE", "/api/v1/environments", VIEWER_TOKEN, null),
                h.get("/test/boom", VIEWER_TOKEN), h.get("/api/v1/deployments?limit=0", VIEWER_TOKEN));
        for (ServerHarness.Exchange e : all) {
            assertThat(e.header("Content-Security-Policy")).as(e.path() + " " + e.status())
                    .contains("frame-ancestors 'none'").contains("script-src 'self'").doesNotContain("unsafe-inline");
            assertThat(e.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(e.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(e.header("Referrer-Policy")).isEqualTo("no-referrer");
        }
    }

    @Test
    void unknownPathsMethodsAndFailuresAreProblemsWithoutStackTraces() {
        start();
        assertProblem(h.get("/nowhere", VIEWER_TOKEN), 404, "not-found", null);
        assertProblem(h.send("DELETE", "/api/v1/environments", VIEWER_TOKEN, null), 405, "method-not-allowed", null);
        ServerHarness.Exchange boom = h.get("/test/boom", VIEWER_TOKEN);
        assertProblem(boom, 500, "internal", null);
        assertThat(boom.body()).doesNotContain("hunter2").doesNotContain("IllegalStateException").doesNotContain("at dev.");
    }

    @Test
    void theOpenApiDocumentIsServedAndCoversEveryRoute() {
        start();
        ServerHarness.Exchange doc = documented("/api/openapi.json", "/api/openapi.json", VIEWER_TOKEN);
        assertThat(json(doc).path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> documented = new HashSet<>();
        json(doc).path("paths").fieldNames().forEachRemaining(documented::add);
        Set<String> served = new HashSet<>();
        for (Routes.Route r : h.server.routes()) {
            if (!r.path().startsWith("/test/")) {
                served.add(r.path());
                assertThat(json(doc).path("paths").path(r.path()).has(r.method().name().toLowerCase()))
                        .as("%s %s documented", r.method(), r.path()).isTrue();
            }
        }
        assertThat(served).isEqualTo(documented);
    }

    @Test
    void portInUseIsExit3AndABadBindExit2() throws Exception {
        start();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Server other = new Server(new Server.Deps(ServeConfig.defaults(), h.store, java.util.Map.of(), status, h.clock));
            assertThatThrownBy(() -> other.start("127.0.0.1", taken.getLocalPort())).isInstanceOfSatisfying(ZerofailException.class,
                    e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("in use");
                    });
            other.stop();
            Server third = new Server(new Server.Deps(ServeConfig.defaults(), h.store, java.util.Map.of(), status, h.clock));
            assertThatThrownBy(() -> third.start("192.0.2.77", 0)).isInstanceOfSatisfying(ZerofailException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
            assertThatThrownBy(() -> third.start("no such host.invalid", 0)).isInstanceOfSatisfying(ZerofailException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE));
        }
    }

    /** No token and no stored hash (or its salt) in any status line, header or body this server sent. */
    private static void assertNoSecretsIn(ServerHarness h, boolean auditLog) {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        List<String> secrets = new ArrayList<>(List.of(VIEWER_TOKEN, DEPLOYER_TOKEN, ADMIN_TOKEN, "hunter2"));
        for (ApiToken t : h.tokens) {
            secrets.add(t.hash().encoded());
            secrets.add(b64.encodeToString(t.hash().hash()));
            secrets.add(b64.encodeToString(t.hash().salt()));
        }
        for (ServerHarness.Exchange e : h.exchanges) {
            String all = e.headers() + "\n" + e.body();
            for (String s : secrets) {
                assertThat(all).as("%s %s", e.method(), e.path()).doesNotContain(s);
            }
        }
        for (ApiAudit a : auditLog ? h.store.auditLog(1000) : List.<ApiAudit>of()) {
            for (String s : secrets) {
                assertThat(a.toString()).doesNotContain(s);
            }
        }
    }
}
