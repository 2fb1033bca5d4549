package dev.zerofail.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * secrets sync/verify from the shaded jar, as users run it: GitHub sealed boxes (BouncyCastle inside
 * the jar) opened by libsodium, and Swarm secrets on the real daemon through docker-java in the jar.
 */
class SecretsJarIT {
    static final String KEY = "sk-proj-Jx4bN7vQ2mLp9Wc3Rt6Yh8Kd1Fg5Sz0aXe2Uo4Ii7PlMkT3BlbkFJq9Wv2Nb6Lx3Zc8Mk1Rt5Yh0Dg7Fs4Ap";
    static final String TOKEN = "ghp_Wm3nR8vK2xL7pQ9tB4cY6hJ1sD5fG0aZ2eU4";

    @RegisterExtension
    static WireMockExtension gh = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run jar(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("zerofail.jar")));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SECRET_") || k.startsWith("DOCKER_") || k.endsWith("_TOKEN"));
        pb.environment().putAll(env);
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = pb.redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }

    void config(String extra) throws Exception {
        Files.writeString(dir.resolve("zerofail.yaml"), """
                secrets:
                  manifest:
                    - name: OPENAI_API_KEY
                      path: app.openai
                      required: true
                      format: openai
                  source: { env-prefix: SECRET_ }
                  stores:
                """ + extra);
    }

    @Test
    void githubSyncFromTheJarSealsWithLibsodiumCompatibleBoxes() throws Exception {
        config("    github: { url: \"" + gh.baseUrl() + "\", owner: acme, repo: platform }\n");
        byte[] pk = new byte[32];
        byte[] sk = new byte[32];
        LazySodiumJava sodium = new LazySodiumJava(new SodiumJava());
        sodium.cryptoBoxKeypair(pk, sk);
        String path = "/repos/acme/platform/actions/secrets";
        gh.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withBody("{\"total_count\":0,\"secrets\":[]}")));
        gh.stubFor(get(path + "/public-key").willReturn(aResponse().withBody("{\"key_id\":\"k9\",\"key\":\""
                + Base64.getEncoder().encodeToString(pk) + "\"}")));
        gh.stubFor(put(urlPathEqualTo(path + "/OPENAI_API_KEY")).willReturn(aResponse().withStatus(201)));
        Run r = jar(Map.of("GITHUB_TOKEN", TOKEN, "SECRET_OPENAI_API_KEY", KEY), "secrets", "sync", "--to", "github");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).doesNotContain(KEY).doesNotContain(TOKEN).doesNotContain("Exception");
        String body = gh.findAll(putRequestedFor(urlEqualTo(path + "/OPENAI_API_KEY"))).get(0).getBodyAsString();
        byte[] box = Base64.getDecoder().decode(new ObjectMapper().readTree(body).path("encrypted_value").asText());
        byte[] opened = new byte[box.length - 48];
        assertThat(sodium.cryptoBoxSealOpen(opened, box, box.length, pk, sk)).isTrue();
        assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(KEY);
    }

    @Test
    void swarmSyncAndVerifyFromTheJar() throws Exception {
        String host = Services.require("ZEROFAIL_IT_DOCKER_HOST", "Docker (swarm mode)");
        String prefix = "zf-secrets-it-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        config("    swarm: { prefix: " + prefix + " }\n");
        Map<String, String> env = Map.of("DOCKER_HOST", host, "SECRET_OPENAI_API_KEY", KEY);
        try {
            Run first = jar(env, "secrets", "sync", "--to", "swarm", "-f", "json");
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("\"added\" : 1").doesNotContain(KEY);
            Run second = jar(env, "secrets", "sync", "--to", "swarm");
            assertThat(second.out()).contains("= unchanged OPENAI_API_KEY", "nothing to change");
            Run verify = jar(Map.of("DOCKER_HOST", host), "secrets", "verify", "--target", "swarm");
            assertThat(verify.exit()).as(verify.err()).isZero();
            assertThat(verify.out()).contains("ok    OPENAI_API_KEY", "validated when zerofail synced it");
            Run down = jar(Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock")), "secrets", "verify", "--target", "swarm");
            assertThat(down.exit()).isEqualTo(3);
            assertThat(down.err()).contains("none.sock", "cannot reach the Docker daemon").doesNotContain("\tat ");
        } finally {
            try (dev.zerofail.swarm.DockerEngine engine = dev.zerofail.swarm.DockerEngine.connect(Map.of("DOCKER_HOST", host),
                    dir)) {
                engine.client().listSecretsCmd().exec().stream().filter(s -> s.getSpec().getName().startsWith(prefix))
                        .forEach(s -> engine.client().removeSecretCmd(s.getId()).exec());
            }
        }
    }
}
