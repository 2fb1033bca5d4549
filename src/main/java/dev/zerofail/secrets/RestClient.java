package dev.zerofail.secrets;

import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * HTTP for the store APIs: credentials in a header, bounded waits on rate limits, and every
 * failure turned into a {@link ZerofailException} that names the request but never a value.
 */
final class RestClient {
    static final int MAX_RETRIES = 3;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final String service;
    private final String tokenVariable;
    private final URI base;
    private final Map<String, String> headers;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Redactor redactor;

    RestClient(String service, String tokenVariable, URI base, Map<String, String> headers, Sleeper sleeper, Clock clock,
            Redactor redactor) {
        this.service = service;
        this.tokenVariable = tokenVariable;
        this.base = base;
        this.headers = new LinkedHashMap<>(headers);
        // HTTP/1.1: these APIs gain nothing from HTTP/2, and plain-http test servers stall on its upgrade.
        // Never follow redirects: the JDK copies the Authorization header (and a PATCH body full of
        // secret values) to wherever the Location points, another host included.
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
        this.sleeper = sleeper;
        this.clock = clock;
        this.redactor = redactor;
    }

    URI base() {
        return base;
    }

    /** {@code api.github.com}, or {@code http://127.0.0.1:8080} when not the https default: for every plan and report. */
    String host() {
        boolean plain = base.getScheme().equalsIgnoreCase("https") && base.getPort() == -1;
        return plain ? base.getHost() : base.getScheme() + "://" + base.getRawAuthority();
    }

    /** Sends and returns the response when its status is in {@code ok}; any other status is an error. */
    Response send(String method, String path, Map<String, String> extraHeaders, String body, Set<Integer> ok) {
        URI uri = URI.create(base.toString().replaceAll("/+$", "") + path);
        String what = method + " " + uri.getPath();
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            headers.forEach(b::header);
            extraHeaders.forEach(b::header);
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            Response r;
            try {
                HttpResponse<String> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                r = new Response(resp.statusCode(), resp.body(), resp.headers());
            } catch (IOException e) {
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, base.toString(), "cannot reach " + service
                        + " (" + what + "): " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + redactor.scrub(e.getMessage())),
                        "check the network and the store's url in zerofail.yaml");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, base.toString(), "interrupted during " + what,
                        "run the command again");
            }
            if (ok.contains(r.status())) {
                return r;
            }
            if (r.status() >= 300 && r.status() < 400) {
                throw redirect(what, uri, r);
            }
            Duration wait = rateLimitWait(r);
            if (wait == null) {
                throw error(what, r);
            }
            if (attempt >= MAX_RETRIES || wait.compareTo(MAX_WAIT) > 0) {
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, what, service + " rate limit reached (HTTP "
                        + r.status() + "; " + (attempt >= MAX_RETRIES ? "still limited after " + MAX_RETRIES + " retries"
                        : "next try allowed in " + wait.toSeconds() + " s") + ")",
                        "wait until " + clock.instant().plus(wait).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                + " and run again; a second run does only what is left");
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, what, "interrupted while rate limited",
                        "run the command again");
            }
        }
    }

    /** 429, or 403 with no quota left or a retry-after (GitHub's primary and secondary limits). */
    private Duration rateLimitWait(Response r) {
        String retryAfter = r.header("retry-after");
        String remaining = r.header("x-ratelimit-remaining");
        boolean limited = r.status() == 429
                || (r.status() == 403 && ("0".equals(remaining) || retryAfter != null));
        if (!limited) {
            return null;
        }
        if (retryAfter != null) {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException e) {
                // an HTTP date: fall through to the reset header or a short default
            }
        }
        String reset = r.header("x-ratelimit-reset");
        if (reset != null) {
            try {
                long seconds = Long.parseLong(reset.trim()) - clock.instant().getEpochSecond();
                return Duration.ofSeconds(Math.max(1, seconds));
            } catch (NumberFormatException e) {
                // ignore a malformed header
            }
        }
        return Duration.ofSeconds(5);
    }

    /** A redirect is an error naming where it pointed: the token and the body went nowhere else. */
    private ZerofailException redirect(String what, URI from, Response r) {
        String location = r.header("location");
        String target;
        try {
            URI to = location == null ? null : from.resolve(location.trim());
            target = to == null ? "no Location" : to.getScheme() + "://" + to.getRawAuthority() + to.getRawPath();
        } catch (IllegalArgumentException e) {
            target = "an invalid Location";
        }
        return new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, what, service + " answered HTTP " + r.status()
                + " redirecting to " + redactor.scrub(target) + "; zerofail does not follow redirects, so the token "
                + "and the request body were not sent there",
                "set the store's url in zerofail.yaml to the final address if you trust it");
    }

    private ZerofailException error(String what, Response r) {
        String msg = serverMessage(r.body());
        String said = msg.isEmpty() ? "" : ": " + msg;
        return switch (r.status()) {
            case 401 -> new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, what, service + " rejected the credential (HTTP 401"
                    + said + ")", "set " + tokenVariable + " to a valid token");
            case 403 -> new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, what, service + " refused the request (HTTP 403"
                    + said + ")", "give the token in " + tokenVariable + " permission for this (GitHub: secrets read and "
                    + "write on the repository or organisation; ESC: environment write)");
            case 404 -> new ZerofailException(ExitCode.USAGE, what, service + " has no such resource (HTTP 404" + said + ")",
                    "check the store's names in zerofail.yaml secrets.stores, and that the token in " + tokenVariable
                            + " can see it");
            case 409 -> new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, what, service + " reported a conflict (HTTP 409"
                    + said + ")", "someone else changed it at the same time; run the command again");
            case 400, 422 -> new ZerofailException(ExitCode.USAGE, what, service + " rejected the request (HTTP " + r.status()
                    + said + ")", "fix what the message names (secret names: letters, digits and _, not starting with GITHUB_)");
            default -> new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, what, service + " answered HTTP " + r.status() + said,
                    r.status() >= 500 ? "the service has a problem; try again later" : "check the request and the token");
        };
    }

    /** The service's own "message" (and ESC's diagnostics' summaries), scrubbed of every known value. */
    String serverMessage(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body);
            StringBuilder sb = new StringBuilder(node.path("message").asText(""));
            for (com.fasterxml.jackson.databind.JsonNode d : node.path("diagnostics")) {
                sb.append(sb.length() == 0 ? "" : "; ").append(d.path("summary").asText(""));
            }
            for (com.fasterxml.jackson.databind.JsonNode e : node.path("errors")) {
                String m = e.isTextual() ? e.asText() : e.path("message").asText(e.path("code").asText(""));
                sb.append(sb.length() == 0 ? "" : "; ").append(m);
            }
            String s = sb.toString().strip();
            return redactor.scrub(s.length() > 300 ? s.substring(0, 300) + "…" : s);
        } catch (IOException e) {
            return "";
        }
    }
}
