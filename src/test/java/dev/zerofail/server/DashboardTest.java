package dev.zerofail.server;

import static dev.zerofail.server.DashboardHarness.bearer;
import static dev.zerofail.server.DashboardHarness.cookie;
import static dev.zerofail.server.DashboardHarness.figure;
import static dev.zerofail.server.DashboardHarness.figures;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.report.Json;
import dev.zerofail.stats.DeployStats;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.stats.StatsQuery;
import dev.zerofail.stats.StatsResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's pages over real HTTP: figures equal the API's, sessions, CSRF, roles, CSP and page weight. */
class DashboardTest {
    @TempDir
    Path dir;

    private DashboardHarness d;

    @BeforeEach
    void start() {
        d = new DashboardHarness(dir);
    }

    @AfterEach
    void stop() {
        d.close();
    }

    private String page(String path, String token) {
        DashboardHarness.Response r = d.get(path, bearer(token));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/html");
        return r.body();
    }

    private JsonNode api(String path) throws Exception {
        DashboardHarness.Response r = d.get(path, bearer(ServerHarness.VIEWER_TOKEN));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void theEnvironmentPageShowsTheSameFiguresAsTheStatsAndTheApi() throws Exception {
        String html = page("/env/prod", ServerHarness.VIEWER_TOKEN);
        StatsResult stats = DeployStats.compute(d.h.store, new StatsQuery("prod", null, DashboardHarness.NOW, StatsConfig.defaults()),
                "history");
        // by hand: 10 finished attempts in prod (api 5 + 3, web 2), one rolled back; the running one does not count
        assertThat(figure(html, "success-rate-7")).isEqualTo("90.0%");
        for (StatsResult.Window w : stats.all().windows()) {
            assertThat(figure(html, "success-rate-" + w.days())).isEqualTo(Html.percent(w.successRate()));
            assertThat(figure(html, "change-fail-rate-" + w.days())).isEqualTo(Html.percent(w.changeFailRate()) + " (" + w.changeFailures() + ")");
            assertThat(figure(html, "change-fail-rate-class-" + w.days())).isEqualTo(Html.lower(w.changeFailRateClass()));
            assertThat(figure(html, "frequency-" + w.days())).isEqualTo(Html.number(w.deploymentFrequencyPerWeek()) + " days/week");
            assertThat(figure(html, "frequency-class-" + w.days())).isEqualTo(Html.lower(w.deploymentFrequencyClass()));
            assertThat(figure(html, "deploy-time-mean-" + w.days())).isEqualTo(Html.duration(w.deployTimeMeanMs()));
            assertThat(figure(html, "deploy-time-p90-" + w.days())).isEqualTo(Html.duration(w.deployTimeP90Ms()));
            assertThat(figure(html, "lead-time-" + w.days())).isEqualTo("no commit times recorded");
        }
        assertThat(figure(html, "change-fail-rate-7")).isEqualTo("10.0% (1)");
        assertThat(figure(html, "deploy-time-mean-7")).isEqualTo("30 s");
        // the streak: 2026-11-21 at 100%, 2026-11-20 under 95% ends it
        assertThat(stats.all().streak().days()).isEqualTo(1);
        assertThat(figure(html, "streak")).isEqualTo("1 day");
        assertThat(figure(html, "day-2026-11-20")).isEqualTo("85.7%");
        assertThat(figure(html, "day-2026-11-21")).isEqualTo("100.0%");

        // services: the same as /api/v1/status
        JsonNode status = api("/api/v1/status?env=prod");
        List<String> images = new ArrayList<>();
        List<String> replicas = new ArrayList<>();
        status.path("services").forEach(s -> {
            images.add(s.path("image").asText());
            replicas.add(s.path("healthy").asLong() + " / " + s.path("running").asLong() + " / " + s.path("desired").asLong());
        });
        assertThat(figures(html, "image")).isEqualTo(images).containsExactly("acme/api:2", "acme/web:7");
        assertThat(figures(html, "replicas")).isEqualTo(replicas);
        assertThat(figures(html, "health")).containsExactly("degraded", "healthy");

        // recent deployments: the same ids, outcomes and durations as /api/v1/deployments, newest first
        JsonNode list = api("/api/v1/deployments?env=prod&limit=20");
        List<String> ids = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        List<String> durations = new ArrayList<>();
        list.path("deployments").forEach(x -> {
            ids.add(x.path("id").asText());
            outcomes.add(x.path("state").asText());
            durations.add(Html.duration(x.has("durationMs") ? x.path("durationMs").asLong() : null));
        });
        Matcher m = Pattern.compile("<tr data-deployment=\"(\\d+)\">").matcher(html);
        List<String> shown = new ArrayList<>();
        while (m.find()) {
            shown.add(m.group(1));
        }
        assertThat(shown).isEqualTo(ids).hasSize(11);
        assertThat(figures(html, "outcome")).isEqualTo(outcomes);
        assertThat(figures(html, "duration")).isEqualTo(durations);
        assertThat(html).contains("t0k3n-task: task: non-zero exit (1)");
        // the running deploy with its gate result
        assertThat(html).contains("data-deployment=\"" + d.running + "\"").contains("data-gate=\"health\"");
        // the chart's data is the 30-day window's daily rates
        assertThat(html).contains("class=\"chart\"").contains("&quot;2026-11-20&quot;").contains("85.71");
    }

    @Test
    void theLivePartIsAFragmentOfTheSamePage() {
        String live = page("/env/prod/live", ServerHarness.VIEWER_TOKEN);
        assertThat(live).doesNotContain("<html").contains("data-figure=\"success-rate-7\">90.0%");
    }

    @Test
    void dockerAbsentShowsServicesAsUnknownNotAnErrorPage() {
        d.status = env -> {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "docker", "cannot reach Docker at unix:///nowhere", "start Docker");
        };
        String html = page("/env/prod", ServerHarness.VIEWER_TOKEN);
        assertThat(html).contains("data-figure=\"status-unknown\"").contains("cannot reach Docker");
        assertThat(figure(html, "success-rate-7")).isEqualTo("90.0%");
        d.status = env -> {
            throw new IllegalStateException("socket closed");
        };
        assertThat(page("/env/prod/live", ServerHarness.VIEWER_TOKEN)).contains("Docker did not answer").doesNotContain("socket closed");
    }

    @Test
    void theDeploymentPageShowsItsTimelineGatesAndFailingTask() {
        String html = page("/deploys/" + d.failed, ServerHarness.VIEWER_TOKEN);
        assertThat(figure(html, "outcome")).isEqualTo("rolled_back");
        assertThat(figure(html, "duration")).isEqualTo("30 s");
        assertThat(html).contains("t0k3n-task").contains("<ol class=\"timeline\">");
        String running = page("/deploys/" + d.running, ServerHarness.VIEWER_TOKEN);
        assertThat(running).contains("data-gate=\"health\"").contains("2/2 healthy");
        assertThat(d.get("/deploys/999999", bearer(ServerHarness.VIEWER_TOKEN)).status()).isEqualTo(404);
        assertThat(d.get("/deploys/x1", bearer(ServerHarness.VIEWER_TOKEN)).status()).isEqualTo(400);
        assertThat(d.get("/env/nowhere", bearer(ServerHarness.VIEWER_TOKEN)).status()).isEqualTo(404);
    }

    @Test
    void theScorecardPageShowsEveryCheck() {
        String html = page("/scorecard", ServerHarness.VIEWER_TOKEN);
        assertThat(figure(html, "scorecard")).isEqualTo("failed");
        assertThat(html).contains("data-check=\"secrets.placeholders\"").contains("replace them").contains("data-check=\"secrets.encrypted\"");
    }

    @Test
    void withoutASessionAPageSendsTheBrowserToTheLoginForm() {
        DashboardHarness.Response r = d.get("/env/prod", Map.of());
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.header("Location")).isEqualTo("/login");
        assertThat(d.get("/env/prod", cookie("AAAAAAAAAAAAAAAAAAAAAAAA.wrong-token-value-000000")).header("Location")).isEqualTo("/login");
        // the API keeps answering 401 problems
        assertThat(d.get("/api/v1/environments", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void loginSetsAStrictHttpOnlySessionCookieAndChecksTheFormToken() {
        DashboardHarness.Response form = d.get("/login", Map.of());
        assertThat(form.status()).isEqualTo(200);
        String formToken = form.cookie(Session.LOGIN_COOKIE);
        assertThat(form.body()).contains("value=\"" + formToken + "\"");
        Map<String, String> formHeaders = Map.of("Content-Type", "application/x-www-form-urlencoded", "Cookie",
                Session.LOGIN_COOKIE + "=" + formToken);
        // a login form posted from elsewhere (no matching form token) is refused
        assertThat(d.send("POST", "/login", formHeaders, "_csrf=forged&token=" + ServerHarness.VIEWER_TOKEN).status()).isEqualTo(403);
        DashboardHarness.Response wrong = d.send("POST", "/login", formHeaders, "_csrf=" + formToken + "&token=zf_not-a-real-token-000000");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("That token is not valid.").doesNotContain("zf_not-a-real-token");
        DashboardHarness.Response ok = d.send("POST", "/login", formHeaders, "_csrf=" + formToken + "&token=" + ServerHarness.VIEWER_TOKEN);
        assertThat(ok.status()).isEqualTo(303);
        String set = ok.all("Set-Cookie").stream().filter(c -> c.startsWith(Session.COOKIE + "=")).findFirst().orElseThrow();
        assertThat(set).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure");
        Map<String, String> tls = new java.util.HashMap<>(formHeaders);
        tls.put("X-Forwarded-Proto", "https");
        DashboardHarness.Response behindTls = d.send("POST", "/login", tls, "_csrf=" + formToken + "&token=" + ServerHarness.VIEWER_TOKEN);
        assertThat(behindTls.all("Set-Cookie").stream().filter(c -> c.startsWith(Session.COOKIE + "=")).findFirst().orElseThrow())
                .contains("; Secure");
        // the session opens the pages and the API's reads; login attempts are audited, never with the token
        String session = ok.cookie(Session.COOKIE);
        assertThat(d.get("/env/prod", cookie(session)).status()).isEqualTo(200);
        assertThat(d.get("/api/v1/environments", cookie(session)).status()).isEqualTo(200);
        assertThat(d.h.store.auditLog(10)).anySatisfy(a -> assertThat(a.path()).isEqualTo("/login"))
                .allSatisfy(a -> assertThat(String.valueOf(a.summary())).doesNotContain(ServerHarness.VIEWER_TOKEN));
    }

    @Test
    void logoutNeedsTheCsrfTokenAndClearsTheCookie() {
        String session = d.login(ServerHarness.VIEWER_TOKEN);
        String csrf = DashboardHarness.csrfOf(d.get("/env/prod", cookie(session)).body());
        Map<String, String> h = new java.util.HashMap<>(cookie(session));
        h.put("Content-Type", "application/x-www-form-urlencoded");
        assertThat(d.send("POST", "/logout", h, "").status()).isEqualTo(403);
        DashboardHarness.Response out = d.send("POST", "/logout", h, "_csrf=" + csrf);
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.all("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(Session.COOKIE + "=;").contains("Max-Age=0"));
    }

    @Test
    void aViewerGetsNoRollbackButtonAndAForgedPostIs403() throws Exception {
        String viewer = d.login(ServerHarness.VIEWER_TOKEN);
        String html = d.get("/env/prod", cookie(viewer)).body();
        assertThat(html).doesNotContain("data-rollback").doesNotContain("Roll back");
        assertThat(d.get("/deploys/" + d.failed, cookie(viewer)).body()).doesNotContain("data-rollback");
        assertThat(d.get("/env/prod/services/api/rollback", cookie(viewer)).status()).isEqualTo(403);
        String csrf = DashboardHarness.csrfOf(html);
        String body = "{\"env\":\"prod\",\"service\":\"api\"}";
        Map<String, String> json = new java.util.HashMap<>(cookie(viewer));
        json.put("Content-Type", "application/json");
        // without the CSRF token (a cross-site forgery) and with it (the viewer's own try): both 403, nothing runs
        assertThat(d.send("POST", "/api/v1/rollbacks", json, body).status()).isEqualTo(403);
        json.put(Session.CSRF_HEADER, csrf);
        DashboardHarness.Response own = d.send("POST", "/api/v1/rollbacks", json, body);
        assertThat(own.status()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(own.body()).path("type").asText()).isEqualTo("urn:zerofail:problem:forbidden");
        assertThat(d.engine.actions).isEmpty();
    }

    @Test
    void aDeployerRollsBackWithTheSessionsCsrfTokenOnly() throws Exception {
        String deployer = d.login(ServerHarness.DEPLOYER_TOKEN);
        String html = d.get("/env/prod", cookie(deployer)).body();
        assertThat(html).contains("data-rollback=\"api\"").contains("href=\"/env/prod/services/api/rollback\"");
        String confirm = d.get("/env/prod/services/api/rollback", cookie(deployer)).body();
        assertThat(confirm).contains("Confirm rollback").contains("action=\"/api/v1/rollbacks\"").contains("acme/api:2");
        String body = "{\"env\":\"prod\",\"service\":\"api\",\"reason\":\"from the dashboard\"}";
        Map<String, String> json = new java.util.HashMap<>(cookie(deployer));
        json.put("Content-Type", "application/json");
        DashboardHarness.Response forged = d.send("POST", "/api/v1/rollbacks", json, body);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(Json.MAPPER.readTree(forged.body()).path("type").asText()).isEqualTo("urn:zerofail:problem:csrf");
        json.put(Session.CSRF_HEADER, "not-the-token");
        assertThat(d.send("POST", "/api/v1/rollbacks", json, body).status()).isEqualTo(403);
        // another login's token does not fit this session
        String other = DashboardHarness.csrfOf(d.get("/env/prod", cookie(d.login(ServerHarness.DEPLOYER_TOKEN))).body());
        json.put(Session.CSRF_HEADER, other);
        assertThat(d.send("POST", "/api/v1/rollbacks", json, body).status()).isEqualTo(403);
        assertThat(d.engine.actions).isEmpty();
        json.put(Session.CSRF_HEADER, DashboardHarness.csrfOf(confirm));
        DashboardHarness.Response ok = d.send("POST", "/api/v1/rollbacks", json, body);
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        assertThat(d.engine.actions).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo("rollback");
            assertThat(a.actor()).isEqualTo("api:ci");
        });
    }

    @Test
    void noPageHasInlineScriptOrStyleAndEveryPageWithItsAssetsStaysUnder200KB() {
        List<String> pages = List.of("/env/prod", "/env/staging", "/deploys/" + d.failed, "/deploys/" + d.running, "/scorecard",
                "/env/prod/services/api/rollback");
        Pattern asset = Pattern.compile("(?:src|href)=\"(/static/[^\"]+)\"");
        for (String p : pages) {
            DashboardHarness.Response r = d.get(p, bearer(ServerHarness.DEPLOYER_TOKEN));
            assertThat(r.status()).as(p).isEqualTo(200);
            assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
            String html = r.body();
            assertThat(html).as(p).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContainPattern("\\sstyle=")
                    .doesNotContainPattern("<style").doesNotContainPattern("\\son[a-z]+=");
            long bytes = html.getBytes(StandardCharsets.UTF_8).length;
            Matcher m = asset.matcher(html);
            while (m.find()) {
                DashboardHarness.Response a = d.get(m.group(1), Map.of());
                assertThat(a.status()).as(m.group(1)).isEqualTo(200);
                bytes += a.body().getBytes(StandardCharsets.UTF_8).length;
            }
            assertThat(bytes).as("%s with its scripts and styles", p).isLessThan(200 * 1024);
        }
        String login = d.get("/login", Map.of()).body();
        assertThat(login).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContainPattern("\\sstyle=");
        assertThat(d.get("/static/../../openapi.json", Map.of()).status()).isIn(400, 404);
        assertThat(d.get("/static/Server.class", Map.of()).status()).isEqualTo(404);
    }
}
