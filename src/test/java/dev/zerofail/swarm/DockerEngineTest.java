package dev.zerofail.swarm;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.jsonResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DockerEngineTest {
    @TempDir
    Path home;

    @Test
    void defaultSocketWhenNothingIsConfigured() {
        DockerEngine.Endpoint e = DockerEngine.resolve(Map.of(), home);
        assertThat(e.host()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(e.source()).isEqualTo("default");
        assertThat(e.tlsVerify()).isFalse();
    }

    @Test
    void dockerHostWinsOverTheContext() throws Exception {
        context("remote", "tcp://10.1.2.3:2376", false);
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"remote\"}");
        DockerEngine.Endpoint e = DockerEngine.resolve(Map.of("DOCKER_HOST", "unix:///run/user/1000/docker.sock"), home);
        assertThat(e.host()).isEqualTo("unix:///run/user/1000/docker.sock");
        assertThat(e.source()).isEqualTo("DOCKER_HOST");
    }

    @Test
    void tcpWithTlsVerifyUsesCertPathOrHomeDocker() {
        DockerEngine.Endpoint e = DockerEngine.resolve(Map.of("DOCKER_HOST", "tcp://docker.example.test:2376",
                "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/etc/certs"), home);
        assertThat(e.tlsVerify()).isTrue();
        assertThat(e.certPath()).isEqualTo(Path.of("/etc/certs"));
        DockerEngine.Endpoint noPath = DockerEngine.resolve(Map.of("DOCKER_HOST", "tcp://h:2376",
                "DOCKER_TLS_VERIFY", "1"), home);
        assertThat(noPath.certPath()).isEqualTo(home.resolve(".docker"));
        DockerEngine.Endpoint off = DockerEngine.resolve(Map.of("DOCKER_HOST", "tcp://h:2375"), home);
        assertThat(off.tlsVerify()).isFalse();
        assertThat(off.certPath()).isNull();
    }

    @Test
    void currentContextFromConfigJson() throws Exception {
        context("staging", "tcp://127.0.0.1:23750", false);
        Files.writeString(home.resolve(".docker/config.json"), "{\"auths\":{},\"currentContext\":\"staging\"}");
        DockerEngine.Endpoint e = DockerEngine.resolve(Map.of(), home);
        assertThat(e.host()).isEqualTo("tcp://127.0.0.1:23750");
        assertThat(e.source()).isEqualTo("docker context 'staging'");
        assertThat(e.tlsVerify()).isFalse();
    }

    @Test
    void contextWithTlsMaterialVerifies() throws Exception {
        Path tls = context("secure", "tcp://10.0.0.9:2376", true);
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"secure\"}");
        DockerEngine.Endpoint e = DockerEngine.resolve(Map.of(), home);
        assertThat(e.tlsVerify()).isTrue();
        assertThat(e.certPath()).isEqualTo(tls);
    }

    @Test
    void dockerContextAndDockerConfigVariablesOverrideTheFile() throws Exception {
        Path other = home.resolve("elsewhere");
        context(other, "ci", "unix:///tmp/ci.sock", false);
        Files.writeString(other.resolve("config.json"), "{\"currentContext\":\"default\"}");
        DockerEngine.Endpoint e = DockerEngine.resolve(Map.of("DOCKER_CONFIG", other.toString(), "DOCKER_CONTEXT", "ci"),
                home);
        assertThat(e.host()).isEqualTo("unix:///tmp/ci.sock");
        assertThat(DockerEngine.resolve(Map.of("DOCKER_CONFIG", other.toString()), home).source()).isEqualTo("default");
    }

    @Test
    void unknownContextIsAUsageErrorSayingWhatToRun() throws Exception {
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{\"currentContext\":\"gone\"}");
        assertThatThrownBy(() -> DockerEngine.resolve(Map.of(), home))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(z.getMessage()).contains("docker context 'gone' does not exist");
                    assertThat(z.nextStep()).contains("docker context use");
                });
    }

    @Test
    void unsupportedSchemeAndBrokenConfigAreUsageErrors() throws Exception {
        assertThatThrownBy(() -> DockerEngine.resolve(Map.of("DOCKER_HOST", "ssh://me@host"), home))
                .isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(z.getMessage()).contains("ssh://");
                });
        Files.createDirectories(home.resolve(".docker"));
        Files.writeString(home.resolve(".docker/config.json"), "{not json");
        assertThatThrownBy(() -> DockerEngine.resolve(Map.of(), home))
                .isInstanceOfSatisfying(ZerofailException.class, z -> assertThat(z.where()).endsWith("config.json"));
    }

    @Test
    void aMissingSocketIsServiceUnavailableNamingTheEndpoint() {
        Path sock = home.resolve("no-daemon.sock");
        try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", "unix://" + sock), home)) {
            assertThatThrownBy(engine::ping).isInstanceOfSatisfying(ZerofailException.class, z -> {
                assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                assertThat(z.where()).contains(sock.toString()).contains("DOCKER_HOST");
                assertThat(z.nextStep()).contains("DOCKER_HOST");
            });
        }
    }

    @RegisterExtension
    static WireMockExtension daemon = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1")).build();

    /** A daemon that answers but is not a swarm manager: exit 3 saying what to run. */
    @Test
    void aDaemonNotInSwarmModeOrAWorkerIsExit3() {
        daemon.stubFor(any(urlPathMatching(".*/_ping")).willReturn(ok("OK")));
        // what a worker and a node outside any swarm answer; /info then says which it is
        daemon.stubFor(get(urlPathMatching(".*/swarm")).willReturn(jsonResponse(
                "{\"message\":\"This node is not a swarm manager.\"}", 503)));
        String host = "tcp://127.0.0.1:" + daemon.getPort();
        for (String[] c : new String[][] {{"inactive", "false", "not in swarm mode (state: inactive)", "docker swarm init"},
            {"active", "false", "a swarm worker, not a manager", "manager"}}) {
            daemon.stubFor(get(urlPathMatching(".*/info")).willReturn(okJson("{\"ID\":\"x\",\"Swarm\":{\"LocalNodeState\":\"" + c[0] + "\",\"ControlAvailable\":"
                            + c[1] + "}}")));
            try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", host), home)) {
                assertThatThrownBy(engine::pingManager).isInstanceOfSatisfying(ZerofailException.class, z -> {
                    assertThat(z.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(z.where()).contains(host);
                    assertThat(z.getMessage()).contains(c[2]);
                    assertThat(z.nextStep()).contains(c[3]);
                });
            }
        }
        daemon.stubFor(get(urlPathMatching(".*/info")).willReturn(okJson(
                "{\"ID\":\"x\",\"Swarm\":{\"LocalNodeState\":\"active\",\"ControlAvailable\":true}}")));
        try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", host), home)) {
            engine.ping(); // an active manager passes
        }
    }

    /** A manager answers GET /swarm: status's check asks nothing more (/info takes the daemon tens of milliseconds). */
    @Test
    void aManagerIsKnownFromSwarmAlone() {
        daemon.stubFor(get(urlPathMatching(".*/swarm")).willReturn(okJson("{\"ID\":\"abc\",\"Version\":{\"Index\":1}}")));
        daemon.stubFor(get(urlPathMatching(".*/info")).willReturn(okJson(
                "{\"ID\":\"x\",\"Swarm\":{\"LocalNodeState\":\"inactive\",\"ControlAvailable\":false}}")));
        try (DockerEngine engine = DockerEngine.connect(Map.of("DOCKER_HOST", "tcp://127.0.0.1:" + daemon.getPort()), home)) {
            engine.pingManager();
        }
        daemon.verify(0, getRequestedFor(urlPathMatching(".*/info")));
        daemon.verify(1, getRequestedFor(urlPathMatching(".*/swarm")));
    }

    private Path context(String name, String host, boolean tls) throws Exception {
        return context(home.resolve(".docker"), name, host, tls);
    }

    private static Path context(Path configDir, String name, String host, boolean tls) throws Exception {
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        Path meta = configDir.resolve("contexts/meta/" + id);
        Files.createDirectories(meta);
        Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":"
                + "{\"Host\":\"" + host + "\",\"SkipTLSVerify\":false}}}");
        Path tlsDir = configDir.resolve("contexts/tls/" + id + "/docker");
        if (tls) {
            Files.createDirectories(tlsDir);
        }
        return tlsDir;
    }
}
