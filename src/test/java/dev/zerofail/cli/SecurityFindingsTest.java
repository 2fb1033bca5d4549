package dev.zerofail.cli;

import static dev.zerofail.cli.SecretsFixture.DB_PASSWORD;
import static dev.zerofail.cli.SecretsFixture.DB_URL;
import static dev.zerofail.cli.SecretsFixture.GITHUB_TOKEN;
import static dev.zerofail.cli.SecretsFixture.OPENAI;
import static dev.zerofail.cli.SecretsFixture.PULUMI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zerofail.core.AtomicFiles;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Fingerprints;
import dev.zerofail.core.Masking;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.secrets.Redactor;
import dev.zerofail.secrets.SecretRun;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.SecretValidator;
import dev.zerofail.swarm.DockerEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security review of issue 11, one nested class per finding: each reproduces the finding on
 * loopback (a redirecting server, a plaintext address, a symlinked tree, a child that prints its
 * environment) and asserts that it is closed. Run alone with {@code -Dtest='SecurityFindingsTest*'}.
 */
class SecurityFindingsTest {
    @TempDir
    Path dir;

    /** A loopback HTTP server that records every request it gets. */
    static final class Server implements AutoCloseable {
        record Request(String method, String path, String authorization, String body) {
        }

        final HttpServer http;
        final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

        Server(String address, Handler handler) throws IOException {
            http = HttpServer.create(new InetSocketAddress(address, 0), 0);
            http.createContext("/", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().toString(),
                        ex.getRequestHeaders().getFirst("Authorization"), body);
                requests.add(r);
                handler.handle(r, ex);
            });
            http.start();
        }

        String url() {
            return "http://" + http.getAddress().getHostString() + ":" + http.getAddress().getPort();
        }

        @Override
        public void close() {
            http.stop(0);
        }

        interface Handler {
            void handle(Request r, HttpExchange ex) throws IOException;
        }

        static void reply(HttpExchange ex, int status, String body, String... headers) throws IOException {
            for (int i = 0; i + 1 < headers.length; i += 2) {
                ex.getResponseHeaders().add(headers[i], headers[i + 1]);
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        }
    }

    Map<String, String> env() {
        return new HashMap<>(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME", System.getProperty("user.home"), "SECRET_OPENAI_API_KEY", OPENAI, "SECRET_DATABASE_URL", DB_URL,
                "SECRET_DB_PASSWORD", DB_PASSWORD, "PULUMI_ACCESS_TOKEN", PULUMI_TOKEN, "GITHUB_TOKEN", GITHUB_TOKEN));
    }

    static Cli cli(Map<String, String> env, String... args) throws Exception {
        try (AutoCloseable ignored = SecretsFixture.environment(env)) {
            return Cli.run(args);
        }
    }

    @Nested
    class Finding01RedirectsCarryNoCredentials {
        @Test
        void aGithubGetRedirectedToAnotherHostSendsNoTokenThere() throws Exception {
            try (Server other = new Server("127.0.0.2", (r, ex) -> Server.reply(ex, 200, "{\"total_count\":0,\"secrets\":[]}"));
                    Server github = new Server("127.0.0.1", (r, ex) -> Server.reply(ex, 302, "",
                            "Location", other.url() + "/collect?from=github"))) {
                String cfg = SecretsFixture.repo(dir, github.url()).resolve("zerofail.yaml").toString();
                Cli r = cli(env(), "secrets", "verify", "--config", cfg, "--target", "github", "--env", "prod");
                assertThat(other.requests).as("nothing reached the other host").isEmpty();
                assertThat(github.requests).extracting(Server.Request::authorization).containsOnly("Bearer " + GITHUB_TOKEN);
                assertThat(r.exit()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE.code());
                assertThat(r.err()).contains("HTTP 302", "redirecting to " + other.url() + "/collect", "does not follow")
                        .doesNotContain(GITHUB_TOKEN);
            }
        }

        @Test
        void anEscPatchRedirectedWithA307SendsNeitherTokenNorValuesAndSyncFails() throws Exception {
            String env = "/api/esc/environments/acme/platform/prod";
            try (Server other = new Server("127.0.0.2", (r, ex) -> Server.reply(ex, 200, "{}"));
                    Server esc = new Server("127.0.0.1", (r, ex) -> {
                        if (r.method().equals("GET") && r.path().equals(env)) {
                            Server.reply(ex, 200, "values: {}\n", "ETag", "\"v1\"", "Content-Type", "application/x-yaml");
                        } else if (r.method().equals("POST") && r.path().startsWith(env + "/open")) {
                            Server.reply(ex, 200, "{\"id\":\"7\"}", "Content-Type", "application/json");
                        } else if (r.method().equals("GET") && r.path().startsWith(env + "/open/7")) {
                            Server.reply(ex, 200, "{\"properties\":{}}", "Content-Type", "application/json");
                        } else {
                            Server.reply(ex, 307, "", "Location", other.url() + env);
                        }
                    })) {
                String cfg = SecretsFixture.repo(dir, esc.url()).resolve("zerofail.yaml").toString();
                Cli r = cli(env(), "secrets", "sync", "--config", cfg, "--to", "esc", "--env", "prod");
                assertThat(esc.requests).extracting(Server.Request::method).contains("PATCH");
                assertThat(other.requests).as("neither the token nor the PATCH body went to the other host").isEmpty();
                assertThat(r.exit()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE.code());
                assertThat(r.out() + r.err()).contains("HTTP 307").doesNotContain("esc: wrote").doesNotContain(PULUMI_TOKEN)
                        .doesNotContain(DB_PASSWORD);
            }
        }
    }

    @Nested
    class Finding02PlainHttpStores {
        @Test
        void plainHttpToAnotherHostIsRefusedBeforeAnyConnection() throws Exception {
            // 192.0.2.0/24 is TEST-NET-1: never routed, so nothing can answer even if the check were missing
            String cfg = SecretsFixture.repo(dir, "http://192.0.2.10:8080").resolve("zerofail.yaml").toString();
            for (String store : List.of("github", "esc")) {
                Cli r = cli(env(), "secrets", "verify", "--config", cfg, "--target", store, "--env", "prod");
                assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
                assertThat(r.err()).contains("zerofail.yaml:", "refusing http://192.0.2.10", "must be https")
                        .doesNotContain(GITHUB_TOKEN).doesNotContain(PULUMI_TOKEN);
            }
        }

        @Test
        void theStoresHostIsInTheReport() throws Exception {
            try (Server github = new Server("127.0.0.1", (r, ex) -> Server.reply(ex, 200,
                    "{\"total_count\":0,\"secrets\":[]}", "Content-Type", "application/json"))) {
                String cfg = SecretsFixture.repo(dir, github.url()).resolve("zerofail.yaml").toString();
                Cli r = cli(env(), "secrets", "verify", "--config", cfg, "--target", "github", "--env", "prod");
                assertThat(r.out() + r.err()).contains("GitHub repository acme/platform at " + github.url());
                Cli json = cli(env(), "secrets", "verify", "--config", cfg, "--target", "github", "--env", "prod", "-f", "json");
                assertThat(json.out()).contains("at " + github.url());
            }
        }
    }

    @Nested
    class Finding03ChildEnvironment {
        @Test
        void theChildGetsItsSecretsAndBasicsButNoTokenNorSourceVariable() throws Exception {
            Map<String, String> env = env();
            env.put("UNRELATED_SETTING", "x1");
            env.put("LC_ALL", "C.UTF-8");
            String cfg = SecretsFixture.repo(dir, "http://127.0.0.1:9").resolve("zerofail.yaml").toString();
            Cli r = cli(env, "secrets", "run", "--config", cfg, "--env", "prod", "--", "env");
            assertThat(r.exit()).as(r.err()).isZero();
            List<String> names = r.out().lines().map(l -> l.substring(0, Math.max(0, l.indexOf('=')))).toList();
            assertThat(names).contains("PATH", "HOME", "LC_ALL", "OPENAI_API_KEY", "DATABASE_URL", "DB_PASSWORD_FILE")
                    .doesNotContain("PULUMI_ACCESS_TOKEN", "GITHUB_TOKEN", "SECRET_DB_PASSWORD", "SECRET_OPENAI_API_KEY",
                            "DB_PASSWORD", "UNRELATED_SETTING");
            Cli passed = cli(env, "secrets", "run", "--config", cfg, "--env", "prod", "--pass-env", "UNRELATED_*", "--",
                    "env");
            assertThat(passed.out()).contains("UNRELATED_SETTING=x1").doesNotContain("GITHUB_TOKEN=");
            assertThat(dir.resolve(".zerofail")).as("run shows no fingerprint and writes no key file").doesNotExist();
        }
    }

    @Nested
    class Finding04DockerTls {
        @TempDir
        Path home;

        @Test
        void anyNonEmptyTlsVerifyMeansTlsAsTheDockerCliHasIt() {
            for (String v : List.of("1", "0", "false", "no")) {
                DockerEngine.Endpoint e = DockerEngine.resolve(Map.of("DOCKER_HOST", "tcp://192.0.2.10:2376",
                        "DOCKER_TLS_VERIFY", v), home);
                assertThat(e.tlsVerify()).as("DOCKER_TLS_VERIFY=" + v).isTrue();
            }
            assertThat(DockerEngine.resolve(Map.of("DOCKER_HOST", "tcp://192.0.2.10:2376", "DOCKER_TLS", "1"), home)
                    .tlsVerify()).as("DOCKER_TLS=1").isTrue();
            assertThat(DockerEngine.resolve(Map.of("DOCKER_HOST", "tcp://192.0.2.10:2375", "DOCKER_TLS_VERIFY", ""), home)
                    .tlsVerify()).isFalse();
        }

        @Test
        void plaintextTcpToAnotherHostIsRefusedUnlessInsecureIsGiven() {
            Map<String, String> plain = Map.of("DOCKER_HOST", "tcp://192.0.2.10:2375");
            assertThatThrownBy(() -> DockerEngine.connect(plain, home))
                    .isInstanceOfSatisfying(ZerofailException.class, z -> {
                        assertThat(z.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(z.getMessage()).contains("refusing plaintext tcp:// to 192.0.2.10");
                        assertThat(z.nextStep()).contains("--insecure-docker", "DOCKER_TLS_VERIFY=1");
                    });
            try (DockerEngine ok = DockerEngine.connect(plain, home, true);
                    DockerEngine local = DockerEngine.connect(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375"), home)) {
                assertThat(ok.endpoint().tlsVerify()).isFalse();
                assertThat(local.endpoint().host()).isEqualTo("tcp://127.0.0.1:2375");
            }
        }

        @Test
        void aContextWithSkipTlsVerifyIsNotDowngradedToPlaintext() throws Exception {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("lax".getBytes(StandardCharsets.UTF_8)));
            Path meta = Files.createDirectories(home.resolve(".docker/contexts/meta/" + hash));
            Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"lax\",\"Endpoints\":{\"docker\":{\"Host\":"
                    + "\"tcp://192.0.2.10:2376\",\"SkipTLSVerify\":true}}}");
            Files.createDirectories(home.resolve(".docker/contexts/tls/" + hash + "/docker"));
            Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"lax\"}");
            assertThatThrownBy(() -> DockerEngine.connect(Map.of(), home))
                    .isInstanceOfSatisfying(ZerofailException.class, z -> assertThat(z.getMessage()).contains("SkipTLSVerify"));
        }
    }

    @Nested
    class Finding05Symlinks {
        Path outside;
        Path repo;

        @BeforeEach
        void trees() throws Exception {
            outside = Files.createDirectories(dir.resolve("outside"));
            repo = Files.createDirectories(dir.resolve("repo"));
        }

        void copy(Path from, Path to) throws IOException {
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : s.toList()) {
                    Path t = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
        }

        List<String> list(Path d) throws IOException {
            try (Stream<Path> s = Files.walk(d)) {
                return s.filter(Files::isRegularFile).map(p -> d.relativize(p).toString()).sorted().toList();
            }
        }

        @Test
        void workflowsApplyWritesNoCompositeActionThroughASymlinkedActionsDirectory() throws Exception {
            copy(Path.of("examples/acme-platform/.github"), repo.resolve(".github"));
            Files.createSymbolicLink(repo.resolve(".github/actions"), outside);
            List<String> before = list(repo.resolve(".github/workflows"));
            Cli r = Cli.run("workflows", "apply", repo.toString(), "--force");
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.err()).contains("symbolic link", outside.toRealPath().toString());
            assertThat(list(outside)).isEmpty();
            assertThat(list(repo.resolve(".github/workflows"))).as("nothing written or moved").isEqualTo(before);
        }

        @Test
        void workflowsApplyMovesNoWorkflowThroughASymlinkedArchive() throws Exception {
            copy(Path.of("examples/acme-platform/.github"), repo.resolve(".github"));
            Path archive = repo.resolve(".github/workflows/archive");
            try (Stream<Path> s = Files.walk(archive)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Files.createSymbolicLink(archive, outside);
            Cli r = Cli.run("workflows", "apply", repo.toString(), "--force");
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(list(outside)).isEmpty();
            assertThat(repo.resolve(".github/workflows/ci.yml")).exists();
        }

        @Test
        void composeUnifyDoesNotOverwriteTheTargetOfASymlinkedOutput() throws Exception {
            Files.writeString(repo.resolve("docker-compose.yml"), "services:\n  web:\n    image: nginx:1.27\n");
            Files.writeString(repo.resolve("docker-compose.prod.yml"), "services:\n  web:\n    ports: [\"80:80\"]\n");
            Path victim = Files.writeString(outside.resolve("victim.txt"), "precious\n");
            Files.createSymbolicLink(repo.resolve("docker-compose.unified.yml"), victim);
            Cli r = Cli.run("compose", "unify", repo.resolve("docker-compose.yml").toString(),
                    repo.resolve("docker-compose.prod.yml").toString(), "-q");
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(victim).hasContent("precious");
        }

        @Test
        void syncWritesNoDotenvFileThroughASymlinkedDirectory() throws Exception {
            Path cfg = SecretsFixture.repo(repo, "http://127.0.0.1:9").resolve("zerofail.yaml");
            Files.createSymbolicLink(repo.resolve("out"), outside);
            Cli r = cli(env(), "secrets", "sync", "--config", cfg.toString(), "--to", "dotenv", "--env", "prod");
            assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.err()).contains("symbolic link");
            assertThat(list(outside)).isEmpty();
        }

        @Test
        void theSharedWriterKeepsPathsInsideTheRootInsideIt() throws Exception {
            Files.createSymbolicLink(repo.resolve("linked-dir"), outside);
            Files.createSymbolicLink(repo.resolve("report.json"), Files.writeString(outside.resolve("r.json"), "old"));
            assertThatThrownBy(() -> AtomicFiles.write(repo, repo.resolve("linked-dir/new/out.sarif"), "x"))
                    .isInstanceOf(ZerofailException.class);
            assertThatThrownBy(() -> AtomicFiles.write(repo, repo.resolve("report.json"), "x"))
                    .isInstanceOf(ZerofailException.class);
            assertThat(outside.resolve("r.json")).hasContent("old");
            assertThat(list(outside)).containsExactly("r.json");
            // inside → inside is fine, and a path the user names outside the root is written as given
            Files.writeString(repo.resolve("real.txt"), "a");
            Files.createSymbolicLink(repo.resolve("alias.txt"), repo.resolve("real.txt"));
            AtomicFiles.write(repo, repo.resolve("alias.txt"), "b");
            assertThat(repo.resolve("real.txt")).hasContent("b");
            AtomicFiles.write(repo, outside.resolve("chosen.json"), "c");
            assertThat(outside.resolve("chosen.json")).hasContent("c");
        }
    }

    @Nested
    class Finding06HistoryConfig {
        Cli history(String yaml) throws Exception {
            Files.writeString(dir.resolve("zerofail.yaml"), yaml);
            return cli(env(), "history", dir.toString());
        }

        @Test
        void passwordEnvMustBeAZerofailVariable() throws Exception {
            Cli r = history("history:\n  url: jdbc:postgresql://127.0.0.1:9/zf\n  password-env: PULUMI_ACCESS_TOKEN\n");
            assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
            assertThat(r.err()).contains("zerofail.yaml:3", "ZEROFAIL_").doesNotContain(PULUMI_TOKEN);
        }

        @Test
        void postgresOnAnotherHostNeedsTls() throws Exception {
            Cli plain = history("history:\n  url: jdbc:postgresql://192.0.2.10:5432/zf\n");
            assertThat(plain.exit()).isEqualTo(ExitCode.USAGE.code());
            assertThat(plain.err()).contains("zerofail.yaml:2", "without TLS", "sslmode=verify-full");
            Cli prefer = history("history:\n  url: jdbc:postgresql://192.0.2.10:5432/zf?sslmode=prefer\n");
            assertThat(prefer.exit()).isEqualTo(ExitCode.USAGE.code());
        }
    }

    @Nested
    class Finding07FingerprintsAndMasks {
        @AfterEach
        void reset() {
            Fingerprints.useRepository(dir, Map.of(Fingerprints.KEY_ENV, "test-only-key-not-secret-0123456789"));
        }

        String unkeyed(String name, String value) throws Exception {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(value.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        }

        @Test
        void fingerprintsAreKeyedPerRepositoryAndStableAcrossRuns() throws Exception {
            Path a = Files.createDirectories(dir.resolve("a"));
            Path b = Files.createDirectories(dir.resolve("b"));
            Fingerprints.useRepository(a, Map.of());
            String first = SecretStore.fingerprint("DB_PASSWORD", "changeme");
            assertThat(first).hasSize(16).isNotEqualTo(unkeyed("DB_PASSWORD", "changeme"));
            Path key = a.resolve(Fingerprints.KEY_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(a.resolve(".zerofail/.gitignore")).content().contains("fingerprint.key");
            Fingerprints.useRepository(b, Map.of());
            assertThat(SecretStore.fingerprint("DB_PASSWORD", "changeme")).isNotEqualTo(first);
            Fingerprints.useRepository(a, Map.of());
            assertThat(SecretStore.fingerprint("DB_PASSWORD", "changeme")).as("the next run of the same repository")
                    .isEqualTo(first);
            String ci = "ci-secret-0123456789abcdef";
            Fingerprints.useRepository(a, Map.of(Fingerprints.KEY_ENV, ci));
            String fromEnv = SecretStore.fingerprint("DB_PASSWORD", "changeme");
            Fingerprints.useRepository(b, Map.of(Fingerprints.KEY_ENV, ci));
            assertThat(SecretStore.fingerprint("DB_PASSWORD", "changeme")).as("one CI key, every runner").isEqualTo(fromEnv);
        }

        @Test
        void syncOutputCarriesOnlyKeyedFingerprints() throws Exception {
            Path repo = SecretsFixture.repo(dir.resolve("repo"), "http://127.0.0.1:9");
            Cli r = cli(env(), "secrets", "sync", "--config", repo.resolve("zerofail.yaml").toString(), "--to",
                    "dotenv:out.env", "--env", "prod", "--dry-run", "-f", "json");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).doesNotContain("warning: created");
            assertThat(r.out()).contains(SecretStore.fingerprint("DB_PASSWORD", DB_PASSWORD))
                    .doesNotContain(unkeyed("DB_PASSWORD", DB_PASSWORD)).doesNotContain(unkeyed("OPENAI_API_KEY", OPENAI));
        }

        @Test
        void underCiANewKeyIsSaidOutLoud() throws Exception {
            Path repo = SecretsFixture.repo(dir.resolve("ci"), "http://127.0.0.1:9");
            Map<String, String> env = env();
            env.put("CI", "true");
            String cfg = repo.resolve("zerofail.yaml").toString();
            Cli first = cli(env, "secrets", "sync", "--config", cfg, "--to", "dotenv:out.env", "--env", "prod", "--dry-run");
            assertThat(first.err()).contains("warning: created .zerofail/fingerprint.key", Fingerprints.KEY_ENV);
            Cli second = cli(env, "secrets", "sync", "--config", cfg, "--to", "dotenv:out.env", "--env", "prod", "--dry-run");
            assertThat(second.err()).doesNotContain("warning: created");
        }

        @Test
        void masksShowNoCharacterOfAShortValue() throws Exception {
            String value = "Xk9mQ2vL7pW4zR";
            assertThat(Masking.mask(value)).isEqualTo("…(14 chars)");
            assertThat(Masking.mask(OPENAI)).startsWith(OPENAI.substring(0, 4) + "…");
            Path repo = Files.createDirectories(dir.resolve("scanned"));
            Files.writeString(repo.resolve("app.env"), "DB_PASSWORD=" + value + "\n");
            Cli r = Cli.run("scan", repo.toString(), "-f", "sarif");
            assertThat(r.out()).contains("(14 chars)").doesNotContain(value.substring(0, 4));
        }
    }

    @Nested
    class Finding08HistoryRows {
        @Test
        void urlPasswordsAreMaskedWhateverTheKeyAndTheFileIsOwnerOnly() throws Exception {
            Path db = dir.resolve(".zerofail/history.db");
            String spec = "{\"Name\":\"api\",\"TaskTemplate\":{\"ContainerSpec\":{\"Env\":["
                    + "\"POSTGRES_URL=postgres://app:S3cretPassw0rd1@db:5432/app\","
                    + "\"SMTP_URL=smtp://mailer:Mail-Pass-42x@smtp.example:587\"]}}}";
            long id;
            try (HistoryStore store = HistoryStore.open("jdbc:sqlite:" + db, null, null)) {
                id = store.start(new Deployment(0, "prod", "api", DeployKind.DEPLOY, DeployState.SUCCEEDED, "alice", "r",
                        "api:1", "api:2", null, "fp", spec, null, null, null, Instant.now(), null, null,
                        "connect smtp://mailer:Mail-Pass-42x@smtp.example:587 failed", false));
                String stored = store.get(id).orElseThrow().requestedSpecJson();
                assertThat(stored).contains("postgres://app:…(15 chars)", "smtp://mailer:…(13 chars)")
                        .doesNotContain("S3cretPassw0rd1").doesNotContain("Mail-Pass-42x");
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
            try (Stream<Path> files = Files.list(db.getParent())) {
                for (Path f : files.filter(p -> p.getFileName().toString().startsWith("history.db")).toList()) {
                    String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertThat(bytes).as(f.toString()).doesNotContain("S3cretPassw0rd1").doesNotContain("Mail-Pass-42x");
                }
            }
        }
    }

    @Nested
    class Finding09RunTempFiles {
        @Test
        void secretDirectoriesOfDeadRunsAreSwept() throws Exception {
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path stale = Files.createTempDirectory(tmp, "zerofail-secrets-" + gone.pid() + "-1234-");
            Files.writeString(stale.resolve("DB_PASSWORD"), "left-behind-by-sigkill");
            ProcessHandle self = ProcessHandle.current();
            Path live = Files.createTempDirectory(tmp, "zerofail-secrets-" + self.pid() + "-"
                    + self.info().startInstant().orElseThrow().toEpochMilli() + "-");
            try {
                String cfg = SecretsFixture.repo(dir, "http://127.0.0.1:9").resolve("zerofail.yaml").toString();
                Cli r = cli(env(), "secrets", "run", "--config", cfg, "--env", "prod", "--", "true");
                assertThat(r.exit()).as(r.err()).isZero();
                assertThat(stale).doesNotExist();
                assertThat(live).as("a running zerofail's directory stays").exists();
            } finally {
                Files.deleteIfExists(live);
            }
        }

        @Test
        void stoppingARunStopsTheWholeProcessTree() throws Exception {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            OutputStream out = new OutputStream() {
                @Override
                public synchronized void write(int b) {
                    buf.write(b);
                }

                @Override
                public synchronized void write(byte[] b, int off, int len) {
                    buf.write(b, off, len);
                }
            };
            SecretRun.Check none = SecretRun.check(List.of(), Map.of(), SecretValidator.defaults(), null);
            Thread run = new Thread(() -> SecretRun.exec(List.of("sh", "-c", "sleep 300 & echo grandchild=$!; wait"),
                    Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")), none, Map.of(), new Redactor(),
                    null, out, OutputStream.nullOutputStream()));
            run.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long pid = -1;
            while (pid < 0 && System.nanoTime() < deadline) {
                String s;
                synchronized (out) {
                    s = buf.toString(StandardCharsets.UTF_8);
                }
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("grandchild=(\\d+)\\n").matcher(s);
                if (m.find()) {
                    pid = Long.parseLong(m.group(1));
                } else {
                    Thread.onSpinWait();
                }
            }
            assertThat(pid).as("the child printed its background job's pid").isPositive();
            ProcessHandle grandchild = ProcessHandle.of(pid).orElseThrow();
            run.interrupt();
            run.join(TimeUnit.SECONDS.toMillis(20));
            CompletableFuture<ProcessHandle> exited = grandchild.onExit();
            try {
                exited.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                grandchild.destroyForcibly();
            }
            assertThat(exited).as("the grandchild was stopped with its parent").isDone();
        }
    }

    @Nested
    class Finding10DebugTraces {
        @Test
        void debugTracesCarryNoMessageText() {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            boolean before = Main.debug;
            Main.debug = true;
            try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                var cl = Main.commandLine(new PrintStream(OutputStream.nullOutputStream()), e);
                RuntimeException bug = new IllegalStateException("cannot parse DB_PASSWORD=" + DB_PASSWORD,
                        new java.io.IOException("while reading " + DB_URL));
                int code = Main.handle(bug, cl);
                assertThat(code).isEqualTo(ExitCode.INTERNAL.code());
            } finally {
                Main.debug = before;
            }
            String text = err.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("java.lang.IllegalStateException (message withheld", "Caused by: java.io.IOException",
                    "\tat dev.zerofail.cli.SecurityFindingsTest").doesNotContain(DB_PASSWORD).doesNotContain(DB_URL)
                    .doesNotContain("Hq3kZ9wLm2Px7Vb4");
        }
    }
}
