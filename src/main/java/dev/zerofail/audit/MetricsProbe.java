package dev.zerofail.audit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One GET of a metrics endpoint: the seam the monitoring section's tests replace. */
public interface MetricsProbe {
    /** {@code status} when the endpoint answered, else {@code error} (refused, timed out, bad TLS). */
    record Answer(Integer status, String error) {
    }

    Answer get(URI url, Duration timeout);

    /** The real one: no redirects followed (a redirect is an answer), nothing sent but the request line and headers. */
    static MetricsProbe http() {
        return (url, timeout) -> {
            HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                return new Answer(r.statusCode(), null);
            } catch (IOException e) {
                String why = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                        .toLowerCase(java.util.Locale.ROOT);
                return new Answer(null, why.isBlank() ? "no answer" : why);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(null, "interrupted");
            } catch (IllegalArgumentException e) {
                return new Answer(null, "not a URL that can be requested");
            }
        };
    }
}
