package dev.zerofail.deploy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The JDK HTTP client the health gates share. Building one loads the JDK's trust store (about a
 * quarter of a {@code status}'s CPU, JFR), which a status with nothing to recover never needs: it is
 * built on first use, or, for a deploy that will need it, in the background while the deploy prepares.
 */
final class HealthHttp implements Supplier<HttpClient> {
    private final CompletableFuture<HttpClient> client;
    private final boolean eager;

    private HealthHttp(boolean eager) {
        this.eager = eager;
        this.client = eager ? CompletableFuture.supplyAsync(HealthHttp::build, HealthHttp::daemon) : new CompletableFuture<>();
    }

    /** Built when first asked for. */
    static HealthHttp lazy() {
        return new HealthHttp(false);
    }

    /** Built now, beside the caller's own work. */
    static HealthHttp warming() {
        return new HealthHttp(true);
    }

    @Override
    public HttpClient get() {
        if (!eager && !client.isDone()) {
            synchronized (this) {
                if (!client.isDone()) {
                    client.complete(build());
                }
            }
        }
        return client.join();
    }

    private static HttpClient build() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "zerofail-http-init");
        t.setDaemon(true);
        t.start();
    }
}
