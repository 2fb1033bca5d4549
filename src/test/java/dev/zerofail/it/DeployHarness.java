package dev.zerofail.it;

import dev.zerofail.Ports;
import dev.zerofail.cli.Main;
import dev.zerofail.deploy.Swarm;
import dev.zerofail.deploy.SwarmTarget;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.swarm.DockerEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One throwaway deploy environment on the real Swarm: a compose file with one service on the host
 * network (replica N listens on 127.0.0.1:BASE+N), a zerofail.yaml with its health gate, the CLI run
 * in-process, the history store in the temp dir, a probe, and removal of the service afterwards.
 */
final class DeployHarness implements AutoCloseable {
    static final String DEPLOY_IMAGES = "ZEROFAIL_IT_DEPLOY_IMAGES";
    final String dockerHost;
    final String images;
    final Path dir;
    final String stack;
    final int base;
    final DockerEngine engine;
    final SwarmTarget target;

    DeployHarness(Path dir, int replicas, String monitor, String timeout) throws IOException {
        this(dir, replicas, monitor, timeout, "");
    }

    /** {@code extraHealth}: more lines under the service's {@code health:} (indented 10 spaces), e.g. prometheus. */
    DeployHarness(Path dir, int replicas, String monitor, String timeout, String extraHealth) throws IOException {
        this(dir, "zf-deploy-it-", replicas, monitor, timeout, extraHealth);
    }

    /** {@code stackPrefix}: how the Swarm services' names start (each branch's tests keep to their own). */
    DeployHarness(Path dir, String stackPrefix, int replicas, String monitor, String timeout, String extraHealth) throws IOException {
        this.dockerHost = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker Engine");
        this.images = Services.require(DEPLOY_IMAGES, "the deploy test images (scripts/services docker)");
        this.dir = dir;
        this.stack = stackPrefix + UUID.randomUUID().toString().substring(0, 8);
        this.base = freeBase(replicas);
        Files.writeString(dir.resolve("docker-compose.yml"), """
                services:
                  web:
                    image: %s:good1
                    environment:
                      PORT: "%d{{.Task.Slot}}"
                      ZF_LATE: "4"
                      ZF_SLOW: "3"
                    network_mode: host
                    healthcheck:
                      test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:$$PORT/health || exit 1"]
                      interval: 500ms
                      timeout: 1s
                      retries: 2
                      start_period: 8s
                    deploy:
                      replicas: %d
                """.formatted(images, base, replicas));
        Files.writeString(dir.resolve("zerofail.yaml"), """
                environments:
                  it:
                    stack: %s
                    compose: docker-compose.yml
                    docker-host: %s
                    services:
                      web:
                        health:
                          http:
                            - {url: "http://127.0.0.1:%d{slot}/health", body: ok, interval: 250ms, retries: 3, consecutive: 2}
                          timeout: %s
                          monitor: %s
                %s""".formatted(stack, dockerHost, base, timeout, monitor, extraHealth));
        this.engine = DockerEngine.connect(Map.of("DOCKER_HOST", dockerHost), dir);
        this.target = new SwarmTarget(engine);
    }

    String service() {
        return stack + "_web";
    }

    String image(String tag) {
        return images + ":" + tag;
    }

    record Run(int exit, String out, String err) {
    }

    Run zerofail(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(dir.resolve("zerofail.yaml").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(o, e, all.toArray(String[]::new));
        }
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        if ((all.contains("--format") || all.contains("-f")) && all.contains("json") && !run.out().isBlank()) {
            dev.zerofail.Contracts.assertValid(run.out()); // the published schema of the command
        }
        return run;
    }

    HistoryStore history() {
        return HistoryStore.open("jdbc:sqlite:" + dir.resolve(".zerofail").resolve("history.db"), null, null);
    }

    /** Who holds the deploy lock of it/web now, read from the SQLite file directly (no lock is taken). */
    Optional<String> lockHolder() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(".zerofail").resolve("history.db"));
                PreparedStatement ps = c.prepareStatement("SELECT owner FROM deploy_locks WHERE environment = 'it' AND service = 'web'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** What each replica's / answers now, by slot. */
    List<String> answers(int replicas) {
        List<String> out = new ArrayList<>();
        for (int slot = 1; slot <= replicas; slot++) {
            out.add(get(base * 10 + slot, "/"));
        }
        return out;
    }

    static String get(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body().strip();
        } catch (IOException e) {
            return "down";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Sends a request every 50 ms to every replica Swarm routes to (a task in state running with
     * desired state running, as the routing mesh would): a request fails when such a replica does not
     * answer 200. A moment without a healthy replica is a tick at which none answered.
     */
    final class Probe implements AutoCloseable {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong emptyTicks = new AtomicLong();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

        Probe() {
            thread = new Thread(this::loop, "deploy-probe");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                try {
                    var svc = target.service(service());
                    if (svc.isPresent()) {
                        int ok = 0;
                        for (Swarm.TaskState t : target.tasks(svc.get().id())) {
                            if (!t.state().equals("running") || !t.desiredState().equals("running")) {
                                continue;
                            }
                            requests.incrementAndGet();
                            int port = base * 10 + t.slot();
                            try {
                                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 200) {
                                    ok++;
                                } else {
                                    failed.incrementAndGet();
                                    failures.add("slot " + t.slot() + ": " + r.statusCode());
                                }
                            } catch (IOException e) {
                                failed.incrementAndGet();
                                failures.add("slot " + t.slot() + " task " + t.id() + ": " + e.getClass().getSimpleName());
                            }
                        }
                        if (ok == 0) {
                            emptyTicks.incrementAndGet();
                        }
                    }
                } catch (RuntimeException | InterruptedException e) {
                    failures.add("probe: " + e);
                }
                long sleep = 50 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(5000);
        }
    }

    private static int freeBase(int replicas) {
        for (int attempt = 0; attempt < 200; attempt++) {
            // below the ephemeral range: no port-0 bind or outgoing connection takes these meanwhile
            int base = ThreadLocalRandom.current().nextInt(Ports.LOW / 10, Ports.ephemeralLow() / 10 - 1);
            boolean free = true;
            for (int slot = 1; slot <= replicas + 1 && free; slot++) {
                try (ServerSocket s = new ServerSocket(base * 10 + slot, 1, java.net.InetAddress.getLoopbackAddress())) {
                    s.setReuseAddress(true);
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port range");
    }

    @Override
    public void close() {
        try {
            target.service(service()).ifPresent(s -> target.remove(s.id()));
        } finally {
            engine.close();
        }
    }
}
