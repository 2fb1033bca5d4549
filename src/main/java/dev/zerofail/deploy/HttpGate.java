package dev.zerofail.deploy;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP check of one task, polled without blocking: each {@link #poll} collects the answer of the
 * request in flight and sends the next one when the interval has passed. A refused connection
 * before the first pass means the task is not listening yet (bounded by the gate's timeout); after
 * a pass, or an answer with the wrong status or body, it counts towards {@code retries}.
 */
final class HttpGate {
    enum State { PENDING, PASSED, FAILED }

    private final DeployConfig.HttpCheck check;
    private final String url;
    private final HttpClient client;
    private final long startedNanos;
    private CompletableFuture<HttpResponse<String>> inFlight;
    private long lastSentNanos = Long.MIN_VALUE;
    private long nowNanos;
    private int successes;
    private int failures;
    private boolean passed;
    private boolean firstFailureSeen;
    private State last = State.PENDING;
    private String detail = "no answer yet";

    HttpGate(DeployConfig.HttpCheck check, int slot, HttpClient client, long nowNanos) {
        this.check = check;
        this.url = check.url().replace("{slot}", Integer.toString(slot));
        this.client = client;
        this.startedNanos = nowNanos;
    }

    String url() {
        return url;
    }

    String detail() {
        return detail;
    }

    boolean everPassed() {
        return passed;
    }

    /** True once, at the first answer that counts as a failure: the moment a bad version first shows. */
    boolean firstFailureNow() {
        if (failures > 0 && !firstFailureSeen) {
            firstFailureSeen = true;
            return true;
        }
        return false;
    }

    /** What the last {@link #poll} returned. */
    State last() {
        return last;
    }

    /** A request is out and its answer not read yet. */
    boolean waiting() {
        return inFlight != null;
    }

    /** When the next request is due (clock of {@link #poll}); {@code Long.MAX_VALUE} while one is out. */
    long nextSendNanos() {
        return inFlight != null ? Long.MAX_VALUE : lastSentNanos == Long.MIN_VALUE ? Long.MIN_VALUE : lastSentNanos + check.interval().toNanos();
    }

    /** PASSED once {@code consecutive} good answers came in a row (and stays so until a failure); FAILED after {@code retries} bad ones. */
    State poll(long nowNanos) {
        last = state(nowNanos);
        return last;
    }

    private State state(long nowNanos) {
        this.nowNanos = nowNanos;
        if (inFlight != null && inFlight.isDone()) {
            judge(inFlight);
            inFlight = null;
        }
        if (failures >= check.retries()) {
            return State.FAILED;
        }
        if (inFlight == null && (lastSentNanos == Long.MIN_VALUE || nowNanos - lastSentNanos >= check.interval().toNanos())) {
            lastSentNanos = nowNanos;
            HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(check.timeout()).GET().build();
            inFlight = client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
        }
        return passed && failures == 0 ? State.PASSED : State.PENDING;
    }

    void cancel() {
        if (inFlight != null) {
            inFlight.cancel(true);
        }
    }

    private void judge(CompletableFuture<HttpResponse<String>> f) {
        HttpResponse<String> r;
        try {
            r = f.join();
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            boolean notListening = cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof ClosedChannelException;
            detail = notListening ? "connection refused" : "no answer: " + cause.getClass().getSimpleName();
            successes = 0;
            if (passed || !notListening) {
                failures++;
            }
            return;
        }
        boolean statusOk = r.statusCode() == check.status();
        boolean bodyOk = check.body() == null || (r.body() != null && r.body().contains(check.body()));
        if (statusOk && bodyOk) {
            successes++;
            failures = 0;
            detail = r.statusCode() + (check.body() == null ? "" : " with '" + check.body() + "'") + " × " + successes;
            if (successes >= check.consecutive()) {
                passed = true;
            }
            return;
        }
        successes = 0;
        detail = statusOk ? "body does not contain '" + check.body() + "'" : "status " + r.statusCode() + " (expected " + check.status() + ")";
        boolean inStartPeriod = !passed && nowNanos - startedNanos < check.startPeriod().toNanos();
        if (!inStartPeriod) {
            failures++;
        }
    }
}
