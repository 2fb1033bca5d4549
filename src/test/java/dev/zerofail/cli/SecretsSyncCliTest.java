package dev.zerofail.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.zerofail.cli.SecretsFixture.DB_PASSWORD;
import static dev.zerofail.cli.SecretsFixture.DB_URL;
import static dev.zerofail.cli.SecretsFixture.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.zerofail.core.DotEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class SecretsSyncCliTest {
    @RegisterExtension
    static WireMockExtension api = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1")).build();

    @TempDir
    Path dir;

    Cli run(Map<String, String> env, String... args) throws Exception {
        try (AutoCloseable ignored = SecretsFixture.environment(env)) {
            return Cli.run(args);
        }
    }

    String config() throws Exception {
        return SecretsFixture.repo(dir, api.baseUrl()).resolve("zerofail.yaml").toString();
    }

    @Test
    void dotenvToDotenvWritesOwnerOnlyThenChangesNothing() throws Exception {
        String cfg = config();
        Path src = SecretsFixture.goodDotenv(dir);
        Path out = dir.resolve("out/.env.prod");
        Cli dry = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + src, "--to", "dotenv", "--env",
                "prod", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("plan (dry run", "+ added", "OPENAI_API_KEY", "DATABASE_URL", "DB_PASSWORD",
                "run without --dry-run").doesNotContain(OPENAI).doesNotContain(DB_PASSWORD);
        assertThat(out).doesNotExist();
        Cli dryJson = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + src, "--to", "dotenv", "--env",
                "prod", "--dry-run", "-f", "json");
        com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dryJson.out());
        assertThat(plan.get("command").asText()).isEqualTo("secrets sync");
        assertThat(plan.get("result").get("dryRun").asBoolean()).isTrue();
        assertThat(plan.get("result").get("hasChanges").asBoolean()).isTrue();
        assertThat(plan.get("result").get("written").asBoolean()).isFalse();
        assertThat(plan.get("result").get("added").asInt()).isEqualTo(3);
        assertThat(plan.get("result").get("plan").get(0).get("change").asText()).isEqualTo("added");
        assertThat(plan.get("result").get("plan").get(0).get("fingerprint").asText()).hasSize(16);
        assertThat(dryJson.out()).doesNotContain(OPENAI).doesNotContain(DB_PASSWORD).doesNotContain("narrative");
        assertThat(out).doesNotExist();

        Cli first = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + src, "--to", "dotenv", "--env", "prod");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("written");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
        assertThat(DotEnv.read(out)).containsEntry("OPENAI_API_KEY", OPENAI).containsEntry("DB_PASSWORD", DB_PASSWORD)
                .containsEntry("DATABASE_URL", DB_URL);

        Cli second = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + src, "--to", "dotenv", "--env", "prod",
                "-f", "json");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("\"unchanged\" : 3", "\"added\" : 0", "\"written\" : false");
    }

    @Test
    void envSourceUsesThePrefixAndAPlaceholderStopsEveryWrite() throws Exception {
        String cfg = config();
        Map<String, String> env = Map.of("SECRET_OPENAI_API_KEY", "sk-your-openai-key-here", "SECRET_DB_PASSWORD", DB_PASSWORD,
                "SECRET_DATABASE_URL", DB_URL);
        Cli r = run(env, "secrets", "sync", "--config", cfg, "--from", "env", "--to", "dotenv", "--env", "prod");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("OPENAI_API_KEY", "placeholder", "nothing was written").doesNotContain("sk-your-openai-key-here")
                .doesNotContain(DB_PASSWORD);
        assertThat(dir.resolve("out")).doesNotExist();
        Cli refusedJson = run(env, "secrets", "sync", "--config", cfg, "--from", "env", "--to", "dotenv", "--env", "prod",
                "-f", "json");
        assertThat(refusedJson.exit()).isEqualTo(1);
        assertThat(refusedJson.out()).contains("\"failing\" : [ \"OPENAI_API_KEY\" ]", "\"written\" : false",
                "\"rule\" : \"secret-placeholder\"").doesNotContain("sk-your-openai-key-here");

        Cli partial = run(env, "secrets", "sync", "--config", cfg, "--to", "dotenv", "--env", "prod", "--allow-partial");
        assertThat(partial.exit()).isEqualTo(1);
        assertThat(partial.out()).contains("--allow-partial: the valid values were written");
        assertThat(DotEnv.read(dir.resolve("out/.env.prod"))).containsOnlyKeys("DB_PASSWORD", "DATABASE_URL");
    }

    @Test
    void syncToEscPatchesTheDefinitionWithIfMatch() throws Exception {
        String cfg = config();
        String envPath = "/api/esc/environments/acme/platform/prod";
        api.stubFor(get(envPath).willReturn(aResponse().withHeader("ETag", "\"e1\"").withBody("values:\n  other: 1\n")));
        api.stubFor(post(urlPathEqualTo(envPath + "/open")).willReturn(aResponse().withBody("{\"id\":\"9\"}")));
        api.stubFor(get(envPath + "/open/9").willReturn(aResponse().withBody("{\"properties\":{\"acme\":{\"value\":"
                + "{\"db\":{\"value\":{\"url\":{\"value\":\"" + DB_URL + "\",\"trace\":{}}},\"trace\":{}}},\"trace\":{}}}}")));
        api.stubFor(patch(urlEqualTo(envPath)).willReturn(aResponse().withBody("{}")));
        Cli r = run(Map.of("PULUMI_ACCESS_TOKEN", SecretsFixture.PULUMI_TOKEN), "secrets", "sync", "--config", cfg,
                "--from", "dotenv:" + SecretsFixture.goodDotenv(dir), "--to", "esc", "--env", "prod");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("= unchanged DATABASE_URL (acme.db.url)", "+ added", "OPENAI_API_KEY (acme.ai.openai_api_key)");
        String body = api.findAll(patchRequestedFor(urlEqualTo(envPath))).get(0).getBodyAsString();
        assertThat(body).contains("openai_api_key", "fn::secret", "other: 1").doesNotContain("url:");
    }

    @Test
    void syncToGithubSealsEachValue() throws Exception {
        String cfg = config();
        String path = "/repos/acme/platform/actions/secrets";
        byte[] pk = new byte[32];
        byte[] sk = new byte[32];
        new com.goterl.lazysodium.LazySodiumJava(new com.goterl.lazysodium.SodiumJava()).cryptoBoxKeypair(pk, sk);
        byte[][] kp = {pk, sk};
        api.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withBody("{\"total_count\":1,\"secrets\":"
                + "[{\"name\":\"OPENAI_API_KEY\"}]}")));
        api.stubFor(get(path + "/public-key").willReturn(aResponse().withBody("{\"key_id\":\"k1\",\"key\":\""
                + Base64.getEncoder().encodeToString(kp[0]) + "\"}")));
        api.stubFor(put(urlPathEqualTo(path + "/OPENAI_API_KEY")).willReturn(aResponse().withStatus(204)));
        api.stubFor(put(urlPathEqualTo(path + "/DB_PASSWORD")).willReturn(aResponse().withStatus(201)));
        api.stubFor(put(urlPathEqualTo(path + "/DATABASE_URL")).willReturn(aResponse().withStatus(201)));
        Cli r = run(Map.of("GITHUB_TOKEN", SecretsFixture.GITHUB_TOKEN), "secrets", "sync", "--config", cfg,
                "--from", "dotenv:" + SecretsFixture.goodDotenv(dir), "--to", "github");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("~ rewritten OPENAI_API_KEY", "+ added", "never returns values");
        assertThat(r.err()).contains("github: updated OPENAI_API_KEY", "github: created DB_PASSWORD");
    }

    @Test
    void badInputIsExit2OrExit3AndWritesNothing() throws Exception {
        String cfg = config();
        Path src = SecretsFixture.goodDotenv(dir);
        Cli unknown = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + src, "--to", "vault");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown store 'vault'", "esc, github, swarm, dotenv");

        Cli missing = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + dir.resolve("nope.env"), "--to",
                "dotenv", "--env", "prod");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.env", "not found");

        Path notUtf8 = dir.resolve("latin1.env");
        Files.write(notUtf8, new byte[] {'A', '=', (byte) 0xE9, (byte) 0xFF, '\n'});
        Cli unreadable = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + notUtf8, "--to", "dotenv",
                "--env", "prod");
        assertThat(unreadable.exit()).isEqualTo(2);
        assertThat(unreadable.err()).contains("latin1.env", "cannot read");

        Path dup = dir.resolve("dup.env");
        Files.writeString(dup, "# x\nOPENAI_API_KEY=" + OPENAI + "\nDB_PASSWORD=a\nOPENAI_API_KEY=" + OPENAI + "\n");
        Cli twice = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + dup, "--to", "dotenv", "--env", "prod");
        assertThat(twice.exit()).isEqualTo(2);
        assertThat(twice.err()).contains("dup.env:4", "OPENAI_API_KEY is set twice (lines 2 and 4)").doesNotContain(OPENAI);

        Cli noToken = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + src, "--to", "esc", "--env", "prod");
        assertThat(noToken.exit()).isEqualTo(3);
        assertThat(noToken.err()).contains("PULUMI_ACCESS_TOKEN is not set");
        Cli noGh = run(Map.of(), "secrets", "sync", "--config", cfg, "--from", "dotenv:" + src, "--to", "github", "-f", "json");
        assertThat(noGh.exit()).isEqualTo(3);
        assertThat(noGh.out()).contains("\"kind\" : \"service_unavailable\"", "GITHUB_TOKEN and GH_TOKEN are not set");

        Path typo = dir.resolve("typo.yaml");
        Files.writeString(typo, Files.readString(Path.of(cfg)).replace("scope: repo", "scope: repo, repository: x"));
        Cli badKey = run(Map.of("GITHUB_TOKEN", SecretsFixture.GITHUB_TOKEN), "secrets", "sync", "--config", typo.toString(),
                "--from", "dotenv:" + src, "--to", "github");
        assertThat(badKey.exit()).isEqualTo(2);
        assertThat(badKey.err()).contains("typo.yaml:30 secrets.stores.github.repository", "unknown key 'repository'");

        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(api.getAllServeEvents()).isEmpty();
    }

    @Test
    void verifyReadsBackAndFailsOnAPlaceholder() throws Exception {
        String cfg = config();
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("out/.env.prod"), "OPENAI_API_KEY=" + OPENAI + "\nDB_PASSWORD=" + DB_PASSWORD
                + "\nDATABASE_URL=" + DB_URL + "\n");
        Cli ok = run(Map.of(), "secrets", "verify", "--config", cfg, "--target", "dotenv", "--env", "prod");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("all required secrets are in place");
        Cli okJson = run(Map.of(), "secrets", "verify", "--config", cfg, "--target", "dotenv", "--env", "prod", "-f", "json");
        assertThat(okJson.exit()).isZero();
        com.fasterxml.jackson.databind.JsonNode all = new com.fasterxml.jackson.databind.ObjectMapper().readTree(okJson.out())
                .get("result");
        assertThat(all.get("secrets").asInt()).isEqualTo(4);
        assertThat(all.get("ok").asInt()).isEqualTo(3);
        assertThat(all.get("failing").asInt()).isZero();
        assertThat(all.get("verdicts")).as("every secret, the passing ones too").hasSize(4);
        all.get("verdicts").forEach(v -> {
            boolean optional = v.get("name").asText().equals("SENTRY_DSN");
            assertThat(v.get("outcome").asText()).isEqualTo(optional ? "warn" : "ok");
            assertThat(v.get("status").asText()).isEqualTo(optional ? "optional_missing" : "ok");
            assertThat(v.get("required").asBoolean()).isEqualTo(!optional);
            assertThat(v.has("fingerprint")).isEqualTo(!optional);
            assertThat(v.get("where").asText()).contains("zerofail.yaml:", "secrets.manifest[");
        });
        assertThat(okJson.out()).doesNotContain(OPENAI).doesNotContain(DB_PASSWORD);
        Files.writeString(dir.resolve("out/.env.prod"), "OPENAI_API_KEY=REPLACE_ME\nDB_PASSWORD=short\n");
        Cli bad = run(Map.of(), "secrets", "verify", "--config", cfg, "--target", "dotenv", "--env", "prod");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out()).contains("FAIL  OPENAI_API_KEY", "placeholder", "FAIL  DB_PASSWORD", "regex", "FAIL  DATABASE_URL",
                "3 required secret(s) fail").doesNotContain("REPLACE_ME\n");
        // in staging DATABASE_URL is optional
        Cli staging = run(Map.of(), "secrets", "verify", "--config", cfg, "--target", "dotenv:out/.env.prod", "--env", "staging");
        assertThat(staging.out()).contains("2 required secret(s) fail");
        Cli stagingJson = run(Map.of(), "secrets", "verify", "--config", cfg, "--target", "dotenv:out/.env.prod", "--env",
                "staging", "-f", "json");
        assertThat(stagingJson.exit()).isEqualTo(1);
        com.fasterxml.jackson.databind.JsonNode r = new com.fasterxml.jackson.databind.ObjectMapper().readTree(stagingJson.out());
        java.util.Map<String, String> outcomes = new java.util.TreeMap<>();
        r.get("result").get("verdicts").forEach(v -> outcomes.put(v.get("name").asText(), v.get("outcome").asText() + "/"
                + v.get("status").asText() + "/" + v.get("required").asBoolean()));
        assertThat(outcomes).containsExactly(java.util.Map.entry("DATABASE_URL", "warn/optional_missing/false"),
                java.util.Map.entry("DB_PASSWORD", "fail/bad_format/true"), java.util.Map.entry("OPENAI_API_KEY",
                        "fail/placeholder/true"), java.util.Map.entry("SENTRY_DSN", "warn/optional_missing/false"));
        assertThat(r.get("result").get("failing").asInt()).isEqualTo(2);
        assertThat(r.get("findings")).hasSize(2);
        assertThat(stagingJson.out()).doesNotContain("REPLACE_ME\"");

        Cli unknownStore = run(Map.of(), "secrets", "verify", "--config", cfg, "--target", "vault", "-f", "json");
        assertThat(unknownStore.exit()).isEqualTo(2);
        assertThat(unknownStore.out()).contains("\"kind\" : \"usage\"", "unknown store 'vault'");
    }

    @Test
    void verifyOnGithubSaysItChecksNamesOnly() throws Exception {
        String cfg = config();
        api.stubFor(get(urlPathEqualTo("/repos/acme/platform/actions/secrets")).willReturn(aResponse().withBody(
                "{\"total_count\":2,\"secrets\":[{\"name\":\"OPENAI_API_KEY\"},{\"name\":\"DB_PASSWORD\"}]}")));
        Cli r = run(Map.of("GH_TOKEN", SecretsFixture.GITHUB_TOKEN), "secrets", "verify", "--config", cfg, "--target", "github");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("does not return values; only names", "ok    OPENAI_API_KEY", "FAIL  DATABASE_URL",
                "not set");
    }
}
