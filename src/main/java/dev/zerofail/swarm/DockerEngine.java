package dev.zerofail.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A docker-java client for the daemon the user's own {@code docker} CLI would talk to: {@code DOCKER_HOST}
 * (with {@code DOCKER_TLS_VERIFY}/{@code DOCKER_CERT_PATH}), else the current docker context, else the
 * local socket. Every daemon failure becomes a {@link ZerofailException} naming the endpoint, never a
 * stack trace.
 */
public final class DockerEngine implements AutoCloseable {
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoint endpoint;
    private final DockerClient client;

    /**
     * Where the daemon is and how it was chosen ({@code source}: "DOCKER_HOST", "docker context 'x'",
     * "default"), so errors can tell the user which setting to change.
     */
    public record Endpoint(String host, boolean tlsVerify, Path certPath, String source) {
        public String describe() {
            return host + " (from " + source + ")";
        }
    }

    private DockerEngine(Endpoint endpoint, DockerClient client) {
        this.endpoint = endpoint;
        this.client = client;
    }

    /**
     * Loads Jackson (this class's mapper) and docker-java's HTTP client on another thread, for {@code status},
     * while the command line is still being read: otherwise the client is
     * built only once zerofail.yaml is read, and its classes were the last thing {@code status} waited for
     * before its first Engine API call. Nothing is connected.
     */
    public static void preload() {
        dev.zerofail.core.Futures.onDaemonThread("zerofail-docker-preload", () -> {
            JSON.getTypeFactory();
            try {
                Class.forName("com.github.dockerjava.zerodep.ZerodepDockerHttpClient", true, DockerEngine.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The endpoint for the real process environment and home directory. */
    public static DockerEngine fromEnvironment() {
        return connect(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    public static DockerEngine connect(Map<String, String> env, Path home) {
        return connect(env, home, false);
    }

    /** {@code insecure}: the user passed {@code --insecure-docker} and accepts plaintext tcp:// to another host. */
    public static DockerEngine connect(Map<String, String> env, Path home, boolean insecure) {
        Endpoint e = resolve(env, home);
        requireSafe(e, insecure);
        return open(e);
    }

    /**
     * Plaintext tcp:// to another machine lets anyone on the path read every secret and spec
     * zerofail sends and run containers as root there; only loopback, or an explicit
     * {@code --insecure-docker}, gets it.
     */
    public static void requireSafe(Endpoint e, boolean insecure) {
        if (!e.host().startsWith("tcp://") || e.tlsVerify() || insecure) {
            return;
        }
        String host = URI.create(e.host()).getHost();
        if (!dev.zerofail.core.Loopback.is(host)) {
            throw ZerofailException.usage(e.describe(), "refusing plaintext tcp:// to " + host + ": without TLS "
                    + "anyone on the network path can read the secrets and specs sent to the daemon",
                    "set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or use a docker context with TLS), forward the "
                    + "socket over ssh, or pass --insecure-docker to accept plaintext");
        }
    }

    /** Builds the client; nothing is sent to the daemon until the first call (see {@link #ping()}). */
    public static DockerEngine open(Endpoint endpoint) {
        DefaultDockerClientConfig.Builder b = new DefaultDockerClientConfig.Builder()
                .withDockerHost(endpoint.host())
                .withDockerTlsVerify(endpoint.tlsVerify());
        if (endpoint.certPath() != null) {
            b.withDockerCertPath(endpoint.certPath().toString());
        }
        DefaultDockerClientConfig config;
        try {
            config = b.build();
        } catch (RuntimeException e) {
            throw new ZerofailException(ExitCode.USAGE, endpoint.describe(), "invalid Docker endpoint: "
                    + e.getMessage(), "set DOCKER_HOST to unix:///path/to/docker.sock or tcp://host:port", e);
        }
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                // docker-java talks https to tcp:// whenever it is given an SSLConfig: the no-TLS one is for unix sockets only
                .sslConfig(endpoint.host().startsWith("unix://") && !endpoint.tlsVerify() ? NoTls.CONFIG : config.getSSLConfig())
                .maxConnections(16)
                // a daemon that does not answer within seconds is down for our purposes; a slow
                // service update still gets a minute
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        return new DockerEngine(endpoint, DockerClientImpl.getInstance(config, http));
    }

    /**
     * Same precedence as the docker CLI: {@code DOCKER_HOST}; then {@code DOCKER_CONTEXT} or the
     * config's {@code currentContext} ({@code DOCKER_CONFIG} or {@code ~/.docker}); then the local socket.
     */
    public static Endpoint resolve(Map<String, String> env, Path home) {
        String host = env.get("DOCKER_HOST");
        if (host != null && !host.isBlank()) {
            host = host.trim();
            checkScheme(host, "DOCKER_HOST");
            // as the docker CLI: any non-empty DOCKER_TLS_VERIFY ("0" and "false" too) means TLS and verify.
            // DOCKER_TLS alone means TLS without verifying the daemon there; zerofail verifies anyway.
            boolean tls = !env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty() || !env.getOrDefault("DOCKER_TLS", "").isEmpty();
            String certs = env.get("DOCKER_CERT_PATH");
            Path certPath = tls ? (certs == null || certs.isBlank() ? home.resolve(".docker") : Path.of(certs)) : null;
            return new Endpoint(host, tls, certPath, "DOCKER_HOST");
        }
        Path configDir = env.get("DOCKER_CONFIG") != null && !env.get("DOCKER_CONFIG").isBlank()
                ? Path.of(env.get("DOCKER_CONFIG")) : home.resolve(".docker");
        String context = env.get("DOCKER_CONTEXT");
        String contextSource = "DOCKER_CONTEXT";
        if (context == null || context.isBlank()) {
            context = currentContext(configDir.resolve("config.json"));
            contextSource = configDir.resolve("config.json") + " currentContext";
        }
        if (context == null || context.isBlank() || context.equals("default")) {
            return new Endpoint(DEFAULT_HOST, false, null, "default");
        }
        return contextEndpoint(configDir, context.trim(), contextSource);
    }

    private static String currentContext(Path configJson) {
        if (!Files.isRegularFile(configJson)) {
            return null;
        }
        JsonNode node = readJson(configJson, "fix the file or remove currentContext");
        JsonNode current = node.path("currentContext");
        return current.isTextual() ? current.asText() : null;
    }

    private static Endpoint contextEndpoint(Path configDir, String name, String source) {
        String dirName = sha256(name);
        Path meta = configDir.resolve("contexts").resolve("meta").resolve(dirName).resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
            throw ZerofailException.usage(source, "docker context '" + name + "' does not exist (no " + meta + ")",
                    "run 'docker context ls' and 'docker context use NAME', or set DOCKER_HOST");
        }
        JsonNode docker = readJson(meta, "recreate the context with 'docker context create'")
                .path("Endpoints").path("docker");
        String host = docker.path("Host").asText("");
        if (host.isEmpty()) {
            throw ZerofailException.usage(meta.toString(), "docker context '" + name + "' has no Endpoints.docker.Host",
                    "recreate the context with 'docker context create NAME --docker host=…'");
        }
        checkScheme(host, meta.toString());
        Path tlsDir = configDir.resolve("contexts").resolve("tls").resolve(dirName).resolve("docker");
        if (docker.path("SkipTLSVerify").asBoolean(false)) {
            // docker would use TLS without checking the daemon's certificate; docker-java cannot, and
            // plaintext instead would be a silent downgrade
            throw ZerofailException.usage(meta.toString(), "docker context '" + name + "' sets SkipTLSVerify: "
                    + "zerofail does not connect without verifying the daemon's certificate",
                    "give the context the daemon's CA: docker context update " + name
                            + " --docker 'host=…,ca=CA.pem,cert=CERT.pem,key=KEY.pem,skip-tls-verify=false'");
        }
        boolean tls = Files.isDirectory(tlsDir);
        return new Endpoint(host, tls, tls ? tlsDir : null, "docker context '" + name + "'");
    }

    private static void checkScheme(String host, String where) {
        if (!(host.startsWith("unix://") || host.startsWith("tcp://") || host.startsWith("npipe://"))) {
            String scheme = host.contains("://") ? host.substring(0, host.indexOf("://") + 3) : host;
            throw ZerofailException.usage(where, "unsupported Docker endpoint '" + scheme + "'",
                    "use unix:///var/run/docker.sock or tcp://HOST:2376 (for ssh://, forward the socket: "
                            + "ssh -L /tmp/docker.sock:/var/run/docker.sock HOST and use unix:///tmp/docker.sock)");
        }
        if (host.startsWith("tcp://")) {
            try {
                URI uri = URI.create(host);
                if (uri.getHost() == null) {
                    throw new IllegalArgumentException("no host");
                }
            } catch (IllegalArgumentException e) {
                throw ZerofailException.usage(where, "invalid Docker endpoint '" + host + "'", "write tcp://HOST:PORT");
            }
        }
    }

    private static JsonNode readJson(Path file, String fix) {
        try {
            return JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ZerofailException.usage(file.toString(), "cannot read docker configuration: "
                    + e.getClass().getSimpleName(), fix);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public DockerClient client() {
        return client;
    }

    /**
     * The check of {@link #ping()} for a command that only reads ({@code status}): {@code GET /swarm} answers
     * only on a manager, in a few milliseconds; {@code /info} takes the daemon tens of milliseconds (it gathers
     * its whole state) and is asked only when {@code /swarm} does not answer, to say why.
     */
    public void pingManager() {
        if (call("reach the Docker daemon", () -> exchange("GET", "/swarm", null)).status() != 200) {
            ping();
        }
    }

    /** Checks the daemon answers and is a swarm manager; exit 3 with what to do otherwise. */
    public void ping() {
        // raw /info read as a tree: docker-java's Info bean costs a tenth of a status's CPU in Jackson
        // introspection (JFR), for the two fields read here
        JsonNode swarm = request("reach the Docker daemon", "GET", "/info", null).path("Swarm");
        String state = swarm.path("LocalNodeState").asText("");
        if (!state.equals("active")) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, endpoint.describe(),
                    "the Docker daemon is not in swarm mode (state: " + (state.isEmpty() ? "unknown" : state) + ")",
                    "run 'docker swarm init --advertise-addr 127.0.0.1' there, or point DOCKER_HOST at a swarm manager");
        }
        if (!swarm.path("ControlAvailable").asBoolean(false)) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, endpoint.describe(),
                    "this Docker node is a swarm worker, not a manager", "point DOCKER_HOST at a swarm manager node");
        }
    }

    /**
     * One Engine API call as raw JSON (docker-java's model drops fields and costs start-up time): null for
     * a 404 of anything but POST; other daemon errors and transport failures become exit 3 naming the endpoint.
     */
    public JsonNode request(String what, String method, String path, JsonNode body) {
        return call(what, () -> {
            Answer a = exchange(method, path, body);
            if (a.status() == 404 && !method.equals("POST")) {
                return null;
            }
            if (a.status() >= 400) {
                throw new DockerException(a.text().strip(), a.status());
            }
            try {
                return a.text().isBlank() ? JSON.createObjectNode() : JSON.readTree(a.text());
            } catch (IOException e) {
                throw new IllegalStateException("reading the daemon's answer failed", e);
            }
        });
    }

    /** A daemon's answer as it came: its status code and body. */
    record Answer(int status, String text) {
    }

    /** The daemon's status code and body, whatever they are; transport failures are thrown. */
    Answer exchange(String method, String path, JsonNode body) {
        DockerHttpClient http = ((DockerClientImpl) client).getHttpClient();
        DockerHttpClient.Request.Builder b = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.valueOf(method)).path(path);
        if (body != null) {
            try {
                b.putHeader("Content-Type", "application/json").body(new java.io.ByteArrayInputStream(JSON.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
        }
        try (DockerHttpClient.Response r = http.execute(b.build())) {
            return new Answer(r.getStatusCode(), r.getBody() == null ? "" : new String(r.getBody().readAllBytes(),
                    StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("reading the daemon's answer failed", e);
        }
    }

    /**
     * Runs one daemon call; transport failures and daemon errors become exit 3 naming the endpoint.
     * Callers that expect a particular answer (404 for "not there") catch docker-java's exceptions
     * inside {@code op}.
     */
    public <T> T call(String what, Supplier<T> op) {
        try {
            return op.get();
        } catch (DockerException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, endpoint.describe(), "cannot " + what
                    + ": the daemon answered " + e.getHttpStatus() + " " + daemonMessage(e),
                    "check the daemon's state with 'docker info' and its log", e);
        } catch (ZerofailException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, endpoint.describe(), "cannot " + what
                    + ": " + rootCause(e), "start the Docker daemon or set DOCKER_HOST (or the docker context) to "
                    + "one that is running; 'docker info' should answer", e);
        }
    }

    /** docker-java puts "Status 404: {"message":"…"}" in the message; keep the daemon's own words. */
    private static String daemonMessage(DockerException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("\"message\":\"");
        if (i >= 0) {
            int start = i + 11;
            int end = m.indexOf('"', start);
            return end > start ? m.substring(start, end) : m.substring(start);
        }
        return m.replaceFirst("^Status \\d+: ", "").strip();
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : " (" + msg.strip() + ")");
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing a connection pool; nothing the user can act on
        }
    }

    /**
     * On a unix socket docker-java still builds the JDK's
     * default SSLContext, parsing every CA certificate of the trust store: the largest part of
     * opening the client, for a context that is never used. This one is never initialised and
     * refuses to make a TLS connection, so a wrong scheme fails loudly instead of talking TLS.
     */
    static final class NoTls extends javax.net.ssl.SSLContextSpi {
        static final javax.net.ssl.SSLContext CONTEXT = new javax.net.ssl.SSLContext(new NoTls(), null, "none") {
        };
        static final com.github.dockerjava.transport.SSLConfig CONFIG = () -> CONTEXT;

        private static IllegalStateException refused() {
            return new IllegalStateException("this Docker endpoint was opened without TLS");
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, java.security.SecureRandom random) {
        }

        @Override
        protected javax.net.ssl.SSLSocketFactory engineGetSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLServerSocketFactory engineGetServerSocketFactory() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLEngine engineCreateSSLEngine(String host, int port) {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetServerSessionContext() {
            throw refused();
        }

        @Override
        protected javax.net.ssl.SSLSessionContext engineGetClientSessionContext() {
            throw refused();
        }
    }
}
