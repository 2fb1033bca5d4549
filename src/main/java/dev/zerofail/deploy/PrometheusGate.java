package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The service's Prometheus queries, evaluated with the instant query API
 * ({@code /api/v1/query}) every interval while a rollout is watched. A value above its {@code max},
 * an error answer or an unreachable server is a failure; {@code failures} of them fail the gate. A
 * query with no data passes (a new version that has not been scraped yet has no error rate).
 */
final class PrometheusGate {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DeployConfig.Prometheus config;
    private final HttpClient client;
    private long lastNanos = Long.MIN_VALUE;
    private int failures;
    private final List<String> failureDetails = new ArrayList<>();

    PrometheusGate(DeployConfig.Prometheus config, HttpClient client) {
        this.config = config;
        this.client = client;
    }

    /** One evaluation of every query: its value (or why there is none) and whether it passed. */
    record Evaluation(String query, Double value, boolean passed, String detail) {
    }

    /** Evaluates when the interval has passed; empty when not yet due. */
    List<Evaluation> poll(long nowNanos) {
        if (lastNanos != Long.MIN_VALUE && nowNanos - lastNanos < config.interval().toNanos()) {
            return List.of();
        }
        lastNanos = nowNanos;
        List<Evaluation> out = new ArrayList<>();
        for (DeployConfig.Query q : config.queries()) {
            Evaluation e = evaluate(q);
            if (!e.passed()) {
                failures++;
                failureDetails.add(e.detail());
            }
            out.add(e);
        }
        return out;
    }

    boolean failed() {
        return failures >= config.failures();
    }

    String failureSummary() {
        return failures + " failure(s), limit " + config.failures() + ": " + String.join("; ", failureDetails);
    }

    Evaluation evaluate(DeployConfig.Query q) {
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(q.query(), StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(java.time.Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = JSON.readTree(r.body());
            if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                return new Evaluation(q.query(), null, false, q.query() + ": Prometheus answered " + r.statusCode() + " "
                        + body.path("error").asText(""));
            }
            JsonNode result = body.path("data").path("result");
            JsonNode value = body.path("data").path("resultType").asText().equals("scalar") ? result
                    : result.isArray() && !result.isEmpty() ? result.get(0).path("value") : null;
            if (value == null || !value.isArray() || value.size() < 2) {
                return new Evaluation(q.query(), null, true, q.query() + ": no data");
            }
            double v = Double.parseDouble(value.get(1).asText());
            boolean ok = !Double.isNaN(v) && v <= q.max();
            return new Evaluation(q.query(), v, ok, q.query() + " = " + v + (ok ? " ≤ " : " > ") + q.max());
        } catch (java.io.IOException | RuntimeException e) {
            return new Evaluation(q.query(), null, false, q.query() + ": Prometheus at " + base + " unreachable ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Evaluation(q.query(), null, false, q.query() + ": interrupted");
        }
    }
}
