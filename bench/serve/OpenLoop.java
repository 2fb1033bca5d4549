import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-rate (open-loop) load for bench/serve.sh, which Debian's wrk (no -R) cannot give: request i
 * is due at start + i / RATE whether or not earlier ones have answered, and its latency is measured
 * from when it was due, so a stall counts against every request it delayed (no coordinated omission).
 *   java OpenLoop.java URL TOKEN RATE SECONDS   → prints "p50_ms p99_ms achieved_rps non_2xx"
 */
public class OpenLoop {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String token = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
        int n = rate * seconds;
        long[] latency = new long[n];
        AtomicInteger bad = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>(n);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 200_000) {
                    Thread.sleep(0, (int) Math.min(wait - 100_000, 999_999));
                } else {
                    Thread.onSpinWait();
                }
            }
            int k = i;
            all.add(http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).handle((r, e) -> {
                latency[k] = System.nanoTime() - due;
                if (e != null || r.statusCode() / 100 != 2) {
                    bad.incrementAndGet();
                }
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        Arrays.sort(latency);
        System.out.printf("%.2f %.2f %.0f %d%n", latency[n / 2] / 1e6, latency[(int) Math.ceil(n * 0.99) - 1] / 1e6, n / elapsed, bad.get());
    }
}
