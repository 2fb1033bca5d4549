package dev.zerofail.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.zerofail.cli.SecretsFixture.DB_PASSWORD;
import static dev.zerofail.cli.SecretsFixture.DB_URL;
import static dev.zerofail.cli.SecretsFixture.GITHUB_TOKEN;
import static dev.zerofail.cli.SecretsFixture.OPENAI;
import static dev.zerofail.cli.SecretsFixture.PULUMI_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plants known values and runs every secrets subcommand (sync, verify, run, and check, checklist,
 * script, import) in every format, successes and failures, against stores that echo values back
 * in their error bodies; no value may appear in stdout, stderr, written reports or any request
 * except the bodies that must carry it (ESC's fn::secret).
 */
class SecretsStoresLeakTest {
    static final List<String> PLANTED = List.of(OPENAI, DB_URL, DB_PASSWORD, PULUMI_TOKEN, GITHUB_TOKEN);
    static final String ESC = "/api/esc/environments/acme/platform/";
    static final String GH = "/repos/acme/platform/actions/secrets";

    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    @Test
    void noPlantedValueLeaks() throws Exception {
        stubStores();
        Path repo = SecretsFixture.repo(dir.resolve("repo"), api.baseUrl());
        String cfg = repo.resolve("zerofail.yaml").toString();
        Path values = SecretsFixture.goodDotenv(repo);
        Files.writeString(repo.resolve(".env"), Files.readString(values));
        Path reports = Files.createDirectories(dir.resolve("reports"));

        Map<String, String> env = new HashMap<>(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "PULUMI_ACCESS_TOKEN", PULUMI_TOKEN, "GITHUB_TOKEN", GITHUB_TOKEN,
                "SECRET_OPENAI_API_KEY", OPENAI, "SECRET_DATABASE_URL", DB_URL, "SECRET_DB_PASSWORD", DB_PASSWORD));
        List<Cli> runs = new ArrayList<>();
        List<Path> written = new ArrayList<>();
        try (AutoCloseable ignored = SecretsFixture.environment(env)) {
            String from = "dotenv:" + values;
            for (String f : List.of("text", "json", "sarif", "markdown")) {
                runs.add(Cli.run("secrets", "sync", "--config", cfg, "--from", from, "--to", "esc", "--env", "prod", "-f", f));
                runs.add(Cli.run("secrets", "sync", "--config", cfg, "--to", "github", "-f", f));
                runs.add(Cli.run("secrets", "sync", "--config", cfg, "--to", "dotenv", "--env", "prod", "--dry-run", "-f", f));
                runs.add(Cli.run("secrets", "sync", "--config", cfg, "--to", "dotenv", "--env", "prod", "-f", f));
                // failures whose server answers quote the values and the token
                runs.add(Cli.run("secrets", "sync", "--config", cfg, "--from", from, "--to", "esc", "--env", "staging", "-f", f));
                runs.add(Cli.run("secrets", "verify", "--config", cfg, "--target", "esc", "--env", "denied", "-f", f));
                for (String target : List.of("esc", "github", "dotenv")) {
                    runs.add(Cli.run("secrets", "verify", "--config", cfg, "--target", target, "--env", "prod", "-f", f));
                }
                Path out = reports.resolve("sync." + f);
                runs.add(Cli.run("secrets", "sync", "--config", cfg, "--to", "dotenv:other.env", "-f", f, "-o", out.toString()));
                Path vout = reports.resolve("verify." + f);
                runs.add(Cli.run("secrets", "verify", "--config", cfg, "--target", "dotenv:other.env", "-f", f, "-o",
                        vout.toString()));
                written.add(out);
                written.add(vout);
                runs.add(Cli.run("secrets", "check", repo.toString(), "-f", f));
            }
            runs.add(Cli.run("secrets", "run", "--config", cfg, "--env", "prod", "--", "sh", "-c",
                    "env; cat \"$DB_PASSWORD_FILE\"; echo \"$OPENAI_API_KEY\" >&2"));
            runs.add(Cli.run("secrets", "checklist", repo.toString()));
            runs.add(Cli.run("secrets", "script", repo.toString(), "--target", "github"));
            runs.add(Cli.run("secrets", "import", "--from-dotenv", repo.resolve(".env").toString()));
            env.put("SECRET_OPENAI_API_KEY", "your-key-here");
            env.put("SECRET_DB_PASSWORD", "short");
            runs.add(Cli.run("secrets", "sync", "--config", cfg, "--to", "dotenv:third.env", "--env", "prod", "-f", "json"));
            runs.add(Cli.run("secrets", "run", "--config", cfg, "--env", "prod", "--", "true"));
            env.put("GITHUB_TOKEN", "ghp_" + "0".repeat(36));
            runs.add(Cli.run("secrets", "sync", "--config", cfg, "--from", from, "--to", "github"));
        }

        // the commands did their work (so the absence of values means something)
        assertThat(runs.get(0).exit()).as(runs.get(0).err()).isZero();
        assertThat(runs.get(3).exit()).isZero();
        assertThat(runs.get(4).exit()).isEqualTo(2);
        assertThat(runs.get(5).exit()).isEqualTo(3);
        assertThat(runs.get(runs.size() - 1).exit()).isEqualTo(3);
        assertThat(runs.get(runs.size() - 1).err()).contains("Bad credentials ghp_…(40 chars)");
        assertThat(Files.readString(repo.resolve("out/.env.prod"))).contains(OPENAI);

        List<String> outputs = new ArrayList<>();
        for (Cli r : runs) {
            outputs.add(r.out());
            outputs.add(r.err());
        }
        for (Path p : written) {
            outputs.add(Files.readString(p));
        }
        for (String out : outputs) {
            for (String secret : PLANTED) {
                assertThat(out).doesNotContain(secret).doesNotContain(secret.substring(6, 20));
            }
        }

        int escBodiesWithValues = 0;
        for (LoggedRequest req : api.findAll(anyRequestedFor(anyUrl()))) {
            String body = req.getBodyAsString();
            boolean escWrite = req.getMethod().getName().equals("PATCH") && req.getUrl().startsWith(ESC);
            if (escWrite && body.contains(OPENAI)) {
                escBodiesWithValues++;
            }
            for (String secret : PLANTED) {
                if (!escWrite) {
                    assertThat(body).as(req.getMethod() + " " + req.getUrl()).doesNotContain(secret);
                }
                assertThat(req.getUrl()).doesNotContain(secret);
                req.getHeaders().all().stream().filter(h -> !h.key().equalsIgnoreCase("Authorization"))
                        .forEach(h -> assertThat(h.values().toString()).doesNotContain(secret));
            }
        }
        assertThat(escBodiesWithValues).as("ESC writes carry the value as fn::secret").isPositive();
        assertThat(api.findAll(anyRequestedFor(urlPathEqualTo(GH + "/OPENAI_API_KEY")))).isNotEmpty();
    }

    private void stubStores() {
        byte[] pk = new byte[32];
        new java.security.SecureRandom().nextBytes(pk);
        String echo = "{\"message\":\"rejected " + OPENAI + " for " + DB_PASSWORD + " with " + PULUMI_TOKEN + " "
                + GITHUB_TOKEN + "\",\"diagnostics\":[{\"summary\":\"bad value " + DB_URL + "\"}]}";
        api.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404).withBody(echo)));
        // prod: a working environment
        api.stubFor(get(ESC + "prod").willReturn(aResponse().withHeader("ETag", "\"1\"").withBody("values: {}\n")));
        api.stubFor(post(urlPathEqualTo(ESC + "prod/open")).willReturn(aResponse().withBody("{\"id\":\"s1\"}")));
        api.stubFor(get(ESC + "prod/open/s1").willReturn(aResponse().withBody("{\"properties\":{\"acme\":{\"value\":"
                + "{\"ai\":{\"value\":{\"openai_api_key\":{\"value\":\"" + OPENAI + "\",\"secret\":true}}}}}}}")));
        api.stubFor(patch(urlEqualTo(ESC + "prod")).willReturn(aResponse().withBody("{}")));
        // staging: the write is rejected with diagnostics that quote values
        api.stubFor(get(ESC + "staging").willReturn(aResponse().withHeader("ETag", "\"1\"").withBody("values: {}\n")));
        api.stubFor(post(urlPathEqualTo(ESC + "staging/open")).willReturn(aResponse().withBody("{\"id\":\"s2\"}")));
        api.stubFor(get(ESC + "staging/open/s2").willReturn(aResponse().withBody("{\"properties\":{}}")));
        api.stubFor(patch(urlEqualTo(ESC + "staging")).willReturn(aResponse().withStatus(400).withBody(echo)));
        api.stubFor(get(ESC + "denied").willReturn(aResponse().withStatus(401).withBody(echo)));
        // GitHub: names, a key, and writes; a bad token gets an echoing 401
        api.stubFor(get(urlPathEqualTo(GH)).willReturn(aResponse().withBody("{\"total_count\":1,\"secrets\":"
                + "[{\"name\":\"OPENAI_API_KEY\"}]}")));
        api.stubFor(get(GH + "/public-key").willReturn(aResponse().withBody("{\"key_id\":\"k\",\"key\":\""
                + Base64.getEncoder().encodeToString(pk) + "\"}")));
        api.stubFor(put(urlPathEqualTo(GH + "/OPENAI_API_KEY")).willReturn(aResponse().withStatus(204)));
        api.stubFor(put(urlPathEqualTo(GH + "/DB_PASSWORD")).willReturn(aResponse().withStatus(201)));
        api.stubFor(put(urlPathEqualTo(GH + "/DATABASE_URL")).willReturn(aResponse().withStatus(422).withBody(echo)));
        api.stubFor(get(urlPathEqualTo(GH)).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.containing("ghp_000")).atPriority(1)
                .willReturn(aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials ghp_" + "0".repeat(36)
                        + " while sending " + OPENAI + "\"}")));
    }
}
