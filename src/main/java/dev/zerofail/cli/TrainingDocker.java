package dev.zerofail.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Docker Engine that answers the few Engine API calls {@code status}, {@code verify} and a
 * {@code deploy} up to its update make, on 127.0.0.1, for the class-data archive's training only: one
 * swarm service with one healthy task (the update itself is refused, so the training deploy ends there).
 * {@code status} is what an on-call engineer runs first; without this its path (docker-java, the
 * HTTP client, the pool, the store) loaded about 1,200 classes from the jar on every run.
 */
final class TrainingDocker implements AutoCloseable {
    static final String STACK = "training";
    private static final String SPEC = "{\"Name\":\"training_web\",\"Labels\":{\"com.docker.stack.namespace\":\"training\"},"
            + "\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"acme/web:1\"}},\"Mode\":{\"Replicated\":{\"Replicas\":1}}}";
    /** 32 bytes of zeros as SwarmKeys stores a key: hex text, base64-encoded. */
    private static final String TRAINING_KEY = java.util.Base64.getEncoder().encodeToString("0".repeat(64).getBytes(StandardCharsets.US_ASCII));
    private final HttpServer server;

    TrainingDocker() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    /** The DOCKER_HOST that reaches it. */
    String host() {
        return "tcp://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answer(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().replaceFirst("^/v[0-9.]+", "");
        String body;
        int status = 200;
        if (path.equals("/_ping")) {
            body = "OK";
        } else if (path.equals("/swarm")) {
            body = "{\"ID\":\"training\",\"Version\":{\"Index\":1}}";
        } else if (path.equals("/info")) {
            body = "{\"ID\":\"training\",\"Swarm\":{\"NodeID\":\"n1\",\"LocalNodeState\":\"active\",\"ControlAvailable\":true}}";
        } else if (path.equals("/version")) {
            body = "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}";
        } else if (path.equals("/services")) {
            body = "[" + service() + "]";
        } else if (path.startsWith("/services/") && path.endsWith("/update")) {
            // a training deploy ends here, before any watch: the archive needs its path to the update, not a rollout
            status = 404;
            body = "{\"message\":\"the training engine takes no update\"}";
        } else if (path.startsWith("/services/")) {
            body = service();
        } else if (path.equals("/tasks")) {
            body = "[{\"ID\":\"t1\",\"ServiceID\":\"s1\",\"NodeID\":\"n1\",\"Slot\":1,\"DesiredState\":\"running\","
                    + "\"CreatedAt\":\"2026-01-01T00:00:00Z\",\"Spec\":{\"ContainerSpec\":{\"Image\":\"acme/web:1\"}},"
                    + "\"Status\":{\"State\":\"running\",\"Message\":\"started\",\"ContainerStatus\":{\"ContainerID\":\"c1\"}}}]";
        } else if (path.equals("/containers/json")) {
            body = "[]"; // no container is starting or unhealthy
        } else if (path.startsWith("/containers/")) {
            body = "{\"Id\":\"c1\",\"State\":{\"Status\":\"running\",\"Running\":true,\"ExitCode\":0,"
                    + "\"Health\":{\"Status\":\"healthy\",\"Log\":[]}}}";
        } else if (path.equals("/configs")) {
            // the fingerprint key deploy reads (SwarmKeys): a fixed one, this engine serves only the training run
            body = "[{\"ID\":\"k1\",\"Spec\":{\"Name\":\"zerofail-fingerprint-key\",\"Data\":\"" + TRAINING_KEY + "\"}}]";
        } else if (path.equals("/secrets")) {
            body = "[]";
        } else if (path.equals("/networks/create")) {
            status = 201;
            body = "{\"Id\":\"n2\"}";
        } else if (path.equals("/networks")) {
            body = "[{\"Name\":\"host\",\"Id\":\"h1\",\"Driver\":\"host\"}]";
        } else {
            status = 404;
            body = "{\"message\":\"not in the training engine\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") || body.startsWith("[") ? "application/json" : "text/plain");
        ex.getResponseHeaders().set("Api-Version", "1.41");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String service() {
        return "{\"ID\":\"s1\",\"Version\":{\"Index\":10},\"CreatedAt\":\"2026-01-01T00:00:00Z\",\"Spec\":" + SPEC
                + ",\"UpdateStatus\":{\"State\":\"completed\",\"StartedAt\":\"2026-01-01T00:00:00Z\",\"Message\":\"update completed\"}}";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
