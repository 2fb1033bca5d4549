package dev.zerofail.server;

import dev.zerofail.core.Scorecard;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.TaskFailure;
import dev.zerofail.stats.StatsConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server with the dashboard over a seeded store (prod: api and web, two days of deploys, one
 * running with a gate result), a fake status and scorecard, and a cookie-less HTTP client that
 * sends exactly the headers a test gives (so a test can forge what a browser would not).
 */
final class DashboardHarness implements AutoCloseable {
    /** The clock stands two days after the harness's T0, so the seeded deploys fall inside every window. */
    static final Instant NOW = ServerHarness.T0.plus(Duration.ofDays(2));
    static final Scorecard SCORECARD = new Scorecard(List.of(new Scorecard.Section("secrets", List.of(
            new Scorecard.Check("secrets.placeholders", "no placeholder secrets", false, "2 found", "replace them"),
            new Scorecard.Check("secrets.encrypted", "secrets are encrypted", true, null, null)))));

    volatile StatusSource status = env -> new StatusResult(env, List.of(
            new Inspector.ServiceStatus("api", "shop_api", true, "acme/api:2", 3, 3, 2, "completed", null, null),
            new Inspector.ServiceStatus("web", "shop_web", true, "acme/web:7", 2, 2, 2, "completed", null, null)), List.of());
    final FakeEngine engine = new FakeEngine();
    final ServerHarness h;
    final long running;
    final long failed;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Response(int status, Map<String, List<String>> headers, String body) {
        List<String> all(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream()).toList();
        }

        String header(String name) {
            List<String> v = all(name);
            return v.isEmpty() ? null : v.get(0);
        }

        /** The value of a cookie this response sets. */
        String cookie(String name) {
            for (String c : all("Set-Cookie")) {
                if (c.startsWith(name + "=")) {
                    return c.substring(name.length() + 1, c.indexOf(';'));
                }
            }
            return null;
        }
    }

    DashboardHarness(Path dir) {
        h = new ServerHarness(dir, Set.of(), 1000, env -> status.status(env),
                deps -> List.of(new DashboardRoutes(deps, StatsConfig.defaults(), () -> SCORECARD)), engine);
        h.clock.now = NOW;
        // day 1 (T0): api 4 of 5 succeeded; web 2 of 2; day 2: api 3 of 3; a running web deploy
        for (int i = 0; i < 4; i++) {
            h.deployment("prod", "api", i * 10, DeployState.SUCCEEDED);
        }
        failed = h.deployment("prod", "api", 45, DeployState.ROLLED_BACK);
        h.store.taskFailure(new TaskFailure(failed, "t0k3n-task", "task: non-zero exit (1)", 1, ServerHarness.T0.plusSeconds(2710)));
        h.deployment("prod", "web", 50, DeployState.SUCCEEDED);
        h.deployment("prod", "web", 55, DeployState.SUCCEEDED);
        for (int i = 0; i < 3; i++) {
            h.deployment("prod", "api", 24 * 60 + i * 10, DeployState.SUCCEEDED);
        }
        h.deployment("staging", "api", 5, DeployState.SUCCEEDED);
        running = h.deployment("prod", "web", 47 * 60, DeployState.RUNNING);
        h.store.gate(new GateResult(running, NOW.minusSeconds(30), "health", "web", true, "2/2 healthy"));
    }

    int port() {
        return h.port;
    }

    Response get(String path, Map<String, String> headers) {
        return send("GET", path, headers, null);
    }

    Response send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** Logs in through the form as a browser would; returns the session cookie's value. */
    String login(String token) {
        Response form = get("/login", Map.of());
        String formToken = form.cookie(Session.LOGIN_COOKIE);
        Response r = send("POST", "/login", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Cookie", Session.LOGIN_COOKIE + "=" + formToken), Session.CSRF_FIELD + "=" + formToken + "&token=" + token);
        if (r.status() != 303) {
            throw new AssertionError("login answered " + r.status() + ": " + r.body());
        }
        return r.cookie(Session.COOKIE);
    }

    static Map<String, String> cookie(String session) {
        return Map.of("Cookie", Session.COOKIE + "=" + session);
    }

    /** The text of every element marked {@code data-figure="KEY"}. */
    static List<String> figures(String html, String key) {
        Matcher m = Pattern.compile("data-figure=\"" + Pattern.quote(key) + "\">([^<]*)<").matcher(html);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(unescape(m.group(1)));
        }
        return out;
    }

    static String figure(String html, String key) {
        List<String> f = figures(html, key);
        if (f.size() != 1) {
            throw new AssertionError("expected one data-figure=" + key + ", found " + f);
        }
        return f.get(0);
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    static String csrfOf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page");
        }
        return m.group(1);
    }

    static List<Long> ids(List<DeploymentRecord> records) {
        return records.stream().map(DeploymentRecord::id).toList();
    }

    @Override
    public void close() {
        engine.release.countDown();
        h.close();
    }
}
