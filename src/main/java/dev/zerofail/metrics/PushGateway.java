package dev.zerofail.metrics;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import dev.zerofail.core.Masking;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Pushes metrics to a Prometheus Pushgateway with the grouping key job=zerofail, environment,
 * service and no instance label, by PUT (the group is replaced: what it holds is the store's current
 * totals for that service, never a per-run delta). client_java's pushgateway exporter is not served
 * by the registry this project builds from; the protocol is one request with the text format.
 */
public final class PushGateway {
    public static final String JOB = "zerofail";
    private final URI base;
    private final HttpClient http;

    public PushGateway(String url, HttpClient http) {
        this.base = check(url);
        this.http = http;
    }

    /** The base URL, or a usage error naming --pushgateway (checked before a deploy starts). */
    public static URI check(String url) {
        URI u;
        try {
            u = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw ZerofailException.usage("--pushgateway", "'" + Masking.maskUrlCredentials(url) + "' is not a URL",
                    "pass http://HOST:9091");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw ZerofailException.usage("--pushgateway", "'" + Masking.maskUrlCredentials(url)
                    + "' is not an http(s) URL", "pass http://HOST:9091");
        }
        return u;
    }

    /** The group's URL: {@code BASE/metrics/job/zerofail/environment/E/service/S}. */
    public URI groupUri(String environment, String service) {
        return URI.create(base + "/metrics/job/" + JOB + "/environment/" + segment(environment) + "/service/" + segment(service));
    }

    /** The option and its URL, with any password in it masked: what error messages name. */
    private String where() {
        return "--pushgateway " + Masking.maskUrlCredentials(base.toString());
    }

    public void push(String environment, String service, MetricSnapshots metrics) {
        Exposition text = Exposition.forAccept(null);
        URI uri = groupUri(environment, service);
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", text.contentType())
                .PUT(HttpRequest.BodyPublishers.ofString(text.toText(metrics))).build();
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 != 2) {
                throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, where(),
                        "the Pushgateway answered " + res.statusCode() + ": " + abbreviate(res.body()),
                        "check the URL and that the Pushgateway accepts pushes");
            }
        } catch (IOException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, where(),
                    "cannot reach the Pushgateway: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                            : e.getMessage()), "check the URL and that the Pushgateway runs");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, where(), "interrupted while pushing",
                    "run the command again");
        }
    }

    /** A label value in a path: URL-encoded, or the Pushgateway's base64 form when it holds a "/". */
    private static String segment(String v) {
        if (v.contains("/")) {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(v.getBytes(StandardCharsets.UTF_8)) + "@base64";
        }
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        String one = s == null ? "" : s.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
