package dev.zerofail.server;

import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A real server on 127.0.0.1 (a free port) over a SQLite store in a temporary directory, with three
 * tokens of known values (one per role), two environments and a settable clock. Every exchange is
 * kept, so tests can grep all of them for secrets.
 */
final class ServerHarness implements AutoCloseable {
    static final String VIEWER_TOKEN = "zf_viewer-token-value-0123456789abcdef";
    static final String DEPLOYER_TOKEN = "zf_deployer-token-value-0123456789abcdef";
    static final String ADMIN_TOKEN = "zf_admin-token-value-0123456789abcdef";
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** The clock the rate limiter reads. */
    static final class SettableClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record Exchange(String method, String path, int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).flatMap(e -> e.getValue().stream())
                    .findFirst().orElse(null);
        }
    }

    final List<ApiToken> tokens;
    final HistoryStore store;
    final SettableClock clock = new SettableClock();
    final Server server;
    final int port;
    final List<Exchange> exchanges = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ServerHarness(Path dir, Set<String> anonymous, int failuresPerMinute, StatusSource status, List<RouteGroup> extra) {
        this(dir, anonymous, failuresPerMinute, status, extra, DeployEngine.NONE);
    }

    ServerHarness(Path dir, Set<String> anonymous, int failuresPerMinute, StatusSource status, List<RouteGroup> extra,
            DeployEngine engine) {
        this(dir, anonymous, failuresPerMinute, status, extra, engine, Insights.NONE);
    }

    ServerHarness(Path dir, Set<String> anonymous, int failuresPerMinute, StatusSource status, List<RouteGroup> extra,
            DeployEngine engine, Insights insights) {
        this(dir, anonymous, failuresPerMinute, status, deps -> extra, engine, insights);
    }

    /** With groups made from the server's dependencies (the dashboard reads the same store). */
    ServerHarness(Path dir, Set<String> anonymous, int failuresPerMinute, StatusSource status,
            java.util.function.Function<Server.Deps, List<RouteGroup>> extraOf, DeployEngine engine) {
        this(dir, anonymous, failuresPerMinute, status, extraOf, engine, Insights.NONE);
    }

    ServerHarness(Path dir, Set<String> anonymous, int failuresPerMinute, StatusSource status,
            java.util.function.Function<Server.Deps, List<RouteGroup>> extraOf, DeployEngine engine, Insights insights) {
        SecureRandom random = new SecureRandom();
        tokens = List.of(new ApiToken("dash", Role.VIEWER, TokenHash.of(VIEWER_TOKEN, TokenHash.MIN_ITERATIONS, random)),
                new ApiToken("ci", Role.DEPLOYER, TokenHash.of(DEPLOYER_TOKEN, TokenHash.MIN_ITERATIONS, random)),
                new ApiToken("ops", Role.ADMIN, TokenHash.of(ADMIN_TOKEN, TokenHash.MIN_ITERATIONS, random)));
        store = JdbcHistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null, Clock.systemUTC(),
                JdbcHistoryStore.DEFAULT_LEASE);
        ServeConfig config = new ServeConfig("127.0.0.1", 0, tokens, anonymous, failuresPerMinute);
        Map<String, DeployConfig.Environment> envs = new LinkedHashMap<>();
        envs.put("prod", environment("prod", "shop", "api", "web"));
        envs.put("staging", environment("staging", "shop-staging", "api"));
        Server.Deps deps = new Server.Deps(config, store, envs, status, clock, engine, insights);
        List<RouteGroup> groups = new ArrayList<>(Server.defaultGroups(deps));
        groups.addAll(extraOf.apply(deps));
        server = new Server(deps, groups);
        port = server.start("127.0.0.1", 0);
    }

    private static DeployConfig.Environment environment(String name, String stack, String... services) {
        Map<String, DeployConfig.ServiceSettings> s = new LinkedHashMap<>();
        for (String service : services) {
            s.put(service, new DeployConfig.ServiceSettings(service, DeployConfig.Health.DEFAULT, null, "environments." + name));
        }
        return new DeployConfig.Environment(name, stack, List.of(Path.of("compose.yaml")), null, null, false, List.of(), s,
                "environments." + name);
    }

    /** A deployment of prod/staging, started {@code minutes} after T0, finished in {@code state}. */
    long deployment(String env, String service, int minutes, DeployState state) {
        Instant at = T0.plusSeconds(60L * minutes);
        long id = store.start(new Deployment(0, env, service, DeployKind.DEPLOY, DeployState.RUNNING, "alice", "release",
                "acme/" + service + ":1", "acme/" + service + ":2", "fp1", "fp2", "{}", "{}", 1L, null, at, null, null, null,
                false));
        if (state != DeployState.RUNNING) {
            store.finish(id, state, state == DeployState.SUCCEEDED ? 0 : 4, state == DeployState.SUCCEEDED ? null : "gate failed",
                    2L, at.plusSeconds(30));
        }
        return id;
    }

    Exchange get(String path, String token) {
        return send("GET", path, token, null);
    }

    Exchange send(String method, String path, String token, String authorization) {
        return send(method, path, token, authorization, method.equals("GET") ? null : "{}");
    }

    /** A POST with this body (null: none) and a deployer, viewer or no token. */
    Exchange post(String path, String token, String body) {
        return send("POST", path, token, null, body);
    }

    Exchange send(String method, String path, String token, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        } else if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Exchange e = new Exchange(method, path, r.statusCode(), r.headers().map(), r.body());
            exchanges.add(e);
            return e;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
        store.close();
    }
}
