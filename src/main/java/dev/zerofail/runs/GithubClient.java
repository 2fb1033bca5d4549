package dev.zerofail.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GitHub's REST API as the import needs it: a pinned API version, conditional requests, the
 * {@code Link} header, rate limits waited out within a budget, and server errors retried with backoff.
 * The token goes to the API host only (a {@code Link} or redirect elsewhere never carries it).
 */
public final class GithubClient {
    public static final URI DEFAULT_API = URI.create("https://api.github.com");
    public static final String API_VERSION = "2022-11-28";
    static final int MAX_RETRIES = 5;
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** GitHub's advice for a secondary limit that names no retry-after: at least a minute. */
    static final Duration SECONDARY_DEFAULT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

    private final URI api;
    private final String token;
    private final GithubHttp http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration budget;
    private final Consumer<String> progress;
    private final Stats stats = new Stats();
    private Instant pausedUntil;

    /** What the client did, for the import's result. */
    public static final class Stats {
        int requests;
        int notModified;
        int retries;
        int rateLimitWaits;
        long waitedMs;
    }

    public GithubClient(URI api, String token, GithubHttp http, Clock clock, Sleeper sleeper, Duration budget,
            Consumer<String> progress) {
        String s = api.toString();
        this.api = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = http;
        this.clock = clock;
        this.sleeper = sleeper;
        this.budget = budget;
        this.progress = progress;
    }

    /** The token from GITHUB_TOKEN, else GH_TOKEN; null when neither is set (public repositories only). */
    public static String token(Map<String, String> env) {
        for (String v : new String[] {"GITHUB_TOKEN", "GH_TOKEN"}) {
            String t = env.get(v);
            if (t != null && !t.isBlank()) {
                return t.strip();
            }
        }
        return null;
    }

    Stats stats() {
        return stats;
    }

    public String host() {
        return api.getHost() + (api.getPort() > 0 ? ":" + api.getPort() : "");
    }

    /** A JSON page: 304 gives {@code notModified} and no body. */
    public record Page(boolean notModified, JsonNode body, String etag, URI next) {
    }

    /** GET a path under the API ({@code /repos/…}) or a URL the API handed out ({@code Link}). */
    public Page page(String pathOrUrl, String etag) throws InterruptedException {
        URI uri = resolve(pathOrUrl);
        Map<String, String> headers = headers("application/vnd.github+json");
        if (etag != null) {
            headers.put("If-None-Match", etag);
        }
        GithubHttp.Reply r = send(uri, headers, true);
        if (r.status() == 304) {
            stats.notModified++;
            return new Page(true, null, etag, null);
        }
        if (r.status() != 200) {
            throw refused(uri, r);
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, where(uri), "the API answered with something that "
                    + "is not JSON (" + e.getClass().getSimpleName() + ")", "check --api-url: it must be the REST API's "
                    + "root (https://HOST/api/v3 on GitHub Enterprise Server)");
        }
        return new Page(false, body, r.header("etag"), next(r.header("link")));
    }

    /**
     * A job's log: the API answers 302 to a short-lived storage URL, fetched without the token. Null
     * when the log is gone (410, 404: logs expire with the retention period).
     */
    public byte[] log(String path) throws InterruptedException {
        URI uri = resolve(path);
        GithubHttp.Reply r = send(uri, headers("application/vnd.github+json"), true);
        if (r.status() == 302 || r.status() == 301 || r.status() == 307) {
            String location = r.header("location");
            if (location == null) {
                return null;
            }
            URI target = uri.resolve(location);
            r = send(target, sameHost(target) ? headers("*/*") : new LinkedHashMap<>(Map.of("User-Agent", "zerofail")),
                    sameHost(target));
        }
        if (r.status() == 404 || r.status() == 410) {
            return null;
        }
        if (r.status() != 200) {
            throw refused(uri, r);
        }
        return r.body();
    }

    private Map<String, String> headers(String accept) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Accept", accept);
        h.put("X-GitHub-Api-Version", API_VERSION);
        h.put("User-Agent", "zerofail");
        if (token != null) {
            h.put("Authorization", "Bearer " + token);
        }
        return h;
    }

    private URI resolve(String pathOrUrl) {
        if (pathOrUrl.startsWith("/")) {
            return URI.create(api + pathOrUrl);
        }
        URI u = URI.create(pathOrUrl);
        if (!sameHost(u)) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, host(), "the API pointed to another host ("
                    + u.getHost() + ") for the next page; the token is not sent there", "check --api-url");
        }
        return u;
    }

    private boolean sameHost(URI u) {
        return u.getScheme() != null && u.getScheme().equalsIgnoreCase(api.getScheme()) && u.getHost() != null
                && u.getHost().equalsIgnoreCase(api.getHost()) && port(u) == port(api);
    }

    private static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    static URI next(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        return m.find() ? URI.create(m.group(1)) : null;
    }

    private GithubHttp.Reply send(URI uri, Map<String, String> headers, boolean api) throws InterruptedException {
        int failures = 0;
        int secondary = 0;
        while (true) {
            if (pausedUntil != null) {
                Instant until = pausedUntil;
                pausedUntil = null;
                waitFor(Duration.between(clock.instant(), until), "primary rate limit (x-ratelimit-remaining: 0)");
            }
            stats.requests++;
            GithubHttp.Reply r;
            try {
                r = http.get(uri, headers);
            } catch (IOException e) {
                failures = retryOrGiveUp(uri, failures, e.getClass().getSimpleName());
                continue;
            }
            if (api && (r.status() == 403 || r.status() == 429)) {
                Duration wait = rateLimitWait(r, secondary);
                if (wait != null) {
                    boolean primary = "0".equals(r.header("x-ratelimit-remaining")) && r.header("retry-after") == null;
                    if (!primary) {
                        secondary++;
                    }
                    waitFor(wait, primary ? "primary rate limit (x-ratelimit-remaining: 0)" : "secondary rate limit");
                    continue;
                }
            }
            if (r.status() >= 500) {
                failures = retryOrGiveUp(uri, failures, "HTTP " + r.status());
                continue;
            }
            if (api && "0".equals(r.header("x-ratelimit-remaining")) && r.status() < 400) {
                pausedUntil = reset(r);
            }
            return r;
        }
    }

    /** Null when this 403/429 is not a rate limit (a token without the right scope, say). */
    private Duration rateLimitWait(GithubHttp.Reply r, int secondarySoFar) {
        String retryAfter = r.header("retry-after");
        if (retryAfter != null) {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException e) {
                return SECONDARY_DEFAULT;
            }
        }
        if ("0".equals(r.header("x-ratelimit-remaining"))) {
            Instant reset = reset(r);
            return Duration.between(clock.instant(), reset);
        }
        String body = new String(r.body(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (body.contains("secondary rate limit") || body.contains("abuse")) {
            // exponential from a minute, as GitHub documents for a secondary limit without retry-after
            return SECONDARY_DEFAULT.multipliedBy(1L << Math.min(secondarySoFar, 4));
        }
        return null;
    }

    private Instant reset(GithubHttp.Reply r) {
        String reset = r.header("x-ratelimit-reset");
        try {
            // one second past the reset: GitHub's clock and ours differ a little
            return Instant.ofEpochSecond(Long.parseLong(reset.trim()) + 1);
        } catch (RuntimeException e) {
            return clock.instant().plus(SECONDARY_DEFAULT);
        }
    }

    private void waitFor(Duration d, String why) throws InterruptedException {
        if (d.isNegative() || d.isZero()) {
            return;
        }
        if (stats.waitedMs + d.toMillis() > budget.toMillis()) {
            Instant resume = clock.instant().plus(d);
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, host(), "GitHub's " + why + " asks to wait "
                    + dev.zerofail.core.Durations.elapsed(d) + ", beyond the wait budget of "
                    + dev.zerofail.core.Durations.elapsed(budget) + " (" + stats.waitedMs / 1000 + " s waited already)",
                    "run the same command again after " + resume.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            + ": the import goes on where it stopped (or raise --max-wait)");
        }
        stats.rateLimitWaits++;
        stats.waitedMs += d.toMillis();
        progress.accept("runs import: " + why + ": waiting " + dev.zerofail.core.Durations.elapsed(d));
        sleeper.sleep(d);
    }

    private int retryOrGiveUp(URI uri, int failures, String what) throws InterruptedException {
        if (failures >= MAX_RETRIES) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, where(uri), what + " after " + (failures + 1)
                    + " tries", "try again later: the import goes on where it stopped");
        }
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << failures);
        stats.retries++;
        progress.accept("runs import: " + what + " from " + host() + ", retrying in " + backoff.toSeconds() + " s");
        sleeper.sleep(backoff);
        return failures + 1;
    }

    private ZerofailException refused(URI uri, GithubHttp.Reply r) {
        String hint = switch (r.status()) {
            case 401 -> "GitHub rejected the token: check GITHUB_TOKEN (or GH_TOKEN)";
            case 403 -> "the token may not read Actions: it needs actions:read (fine-grained) or repo (classic)";
            case 404 -> "check --repo (OWNER/NAME) and --workflow, and that the token can see the repository";
            default -> "check --api-url and the token";
        };
        ExitCode code = r.status() == 401 || r.status() == 403 || r.status() == 404 ? ExitCode.USAGE
                : ExitCode.SERVICE_UNAVAILABLE;
        return new ZerofailException(code, where(uri), "GitHub answered HTTP " + r.status(), hint);
    }

    /** The request without its query string: enough to say where, never anything the server echoed. */
    private static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + uri.getPath();
    }
}
