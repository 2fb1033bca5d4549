package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secrets check and import on layouts real repositories have (penpot, outline, nextcloud/docker). */
class SecretsRealTreeTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/secrets");

    @TempDir
    Path tmp;

    @Test
    void composeBuiltinsPathsAndConfigsAreNotSecretsAndTheReportSaysWhy() throws Exception {
        Path repo = tmp.resolve("repo");
        TestFiles.copyTree(FIXTURES.resolve("compose-builtins"), repo);
        Cli r = Cli.run("secrets", "check", repo.toString(), "-q", "-f", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("findings")).as(r.out()).isEmpty();

        JsonNode classified = report.get("result").get("classified");
        // secrets: DB_PASSWORD_FILE (the manifest's env), API_TOKEN as a key and as ${API_TOKEN} (the manifest's
        // name), the compose secret db_password twice (service and top level)
        assertThat(classified.get("secrets").asLong()).isEqualTo(5);
        assertThat(classified.get("secretBecause").get("compose-secret").asLong()).isEqualTo(2);
        assertThat(classified.get("secretBecause").get("manifest-name").asLong()).isEqualTo(3);
        // not: PWD, HOME, UID, GID, COMPOSE_PROJECT_NAME; NGINX_CONFIG_FILE, APP_CONFIG_FILE, LOG_FILE;
        // DATA_HOME, RUN_AS, STACK
        JsonNode not = classified.get("notSecretBecause");
        assertThat(not.get("builtin-variable").asLong()).isEqualTo(5);
        assertThat(not.get("file-path-variable").asLong()).isEqualTo(3);
        assertThat(not.get("ordinary-variable").asLong()).isEqualTo(3);
        assertThat(classified.get("notSecrets").asLong()).isEqualTo(11);
    }

    @Test
    void aRunSecretsPathMakesAFileVariableASecretWithoutAManifestEntry() throws Exception {
        Path repo = tmp.resolve("repo");
        TestFiles.copyTree(FIXTURES.resolve("compose-builtins"), repo);
        Files.writeString(repo.resolve("docker-compose.yml"), Files.readString(repo.resolve("docker-compose.yml"))
                .replace("LOG_FILE: /var/log/web.log", "SIGNING_KEY_FILE: /run/secrets/signing"));
        Cli r = Cli.run("secrets", "check", repo.toString(), "-q", "-f", "json");
        JsonNode report = JSON.readTree(r.out());
        assertThat(report.get("result").get("classified").get("secretBecause").get("secrets-mount-path").asLong())
                .isEqualTo(1);
        assertThat(report.get("findings")).extracting(f -> f.get("key").asText()).containsExactly("SIGNING_KEY_FILE");
    }

    @Test
    void aFileVariableOutsideRunSecretsWithASecretsNameIsStillASecret() throws Exception {
        Path repo = tmp.resolve("repo");
        TestFiles.copyTree(FIXTURES.resolve("compose-builtins"), repo);
        Files.writeString(repo.resolve("docker-compose.yml"), Files.readString(repo.resolve("docker-compose.yml"))
                .replace("LOG_FILE: /var/log/web.log", "JWT_SECRET_FILE: /etc/web/jwt"));
        Cli r = Cli.run("secrets", "check", repo.toString(), "-q", "-f", "json");
        JsonNode findings = JSON.readTree(r.out()).get("findings");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).get("rule").asText()).isEqualTo("secrets-unknown");
        assertThat(findings.get(0).get("key").asText()).isEqualTo("JWT_SECRET_FILE");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void importRenamesGithubPrefixedVariablesInsteadOfRefusing() throws Exception {
        Path repo = tmp.resolve("repo");
        TestFiles.copyTree(FIXTURES.resolve("github-prefixed"), repo);
        Path manifest = repo.resolve("zerofail.secrets.yaml");
        Cli r = Cli.run("secrets", "import", "--from-dotenv", repo.resolve(".env.example").toString(), "-o",
                manifest.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("GITHUB_CLIENT_SECRET imported as GH_CLIENT_SECRET");
        String yaml = Files.readString(manifest);
        assertThat(yaml).contains("- name: GH_CLIENT_SECRET", "env: GITHUB_CLIENT_SECRET", "- name: DATABASE_PASSWORD")
                .doesNotContain("name: GITHUB_");
        // the imported manifest is valid and the template's variables match it
        Files.writeString(repo.resolve("zerofail.yaml"), "version: 1\nsecrets:\n  manifest: zerofail.secrets.yaml\n");
        Cli check = Cli.run("secrets", "check", repo.toString(), "-q", "-f", "json");
        assertThat(check.exit()).as(check.err()).isIn(0, 1);
        assertThat(JSON.readTree(check.out()).get("findings")).extracting(f -> f.get("rule").asText())
                .doesNotContain("secrets-unknown", "secrets-unreferenced");
    }

    @Test
    void importMergesWorkflowSecretsThatDifferOnlyInCase() throws Exception {
        // GitHub secret names ignore case; two spellings used to be two entries and a refused manifest
        Cli r = Cli.run("secrets", "import", "--from-workflows", FIXTURES.resolve("case-variants").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsOnlyOnce("- name: ").containsIgnoringCase("name: docker_hub_login");
        assertThat(r.err()).contains("1 secret(s) imported");
    }

    @Test
    void anUnparsableComposeFileIsAFindingAndTheRestIsStillChecked() throws Exception {
        Path repo = tmp.resolve("repo");
        TestFiles.copyTree(FIXTURES.resolve("compose-builtins"), repo);
        Files.writeString(repo.resolve("docker-compose.prod.yml"), "services:\n  web:\n    environment: [\n");
        Files.write(repo.resolve("compose.latin1.yaml"), "services: {}\n# caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Files.writeString(repo.resolve("docker-compose.yml"), Files.readString(repo.resolve("docker-compose.yml"))
                .replace("LOG_FILE: /var/log/web.log", "SESSION_SECRET: ${SESSION_SECRET}"));
        Cli r = Cli.run("secrets", "check", repo.toString(), "-q", "-f", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        JsonNode findings = JSON.readTree(r.out()).get("findings");
        assertThat(findings).extracting(f -> f.get("rule").asText() + " " + f.get("path").asText() + ":" + f.get("line").asInt())
                .containsExactlyInAnyOrder("secrets-parse-error docker-compose.prod.yml:4",
                        "secrets-parse-error compose.latin1.yaml:0", "secrets-unknown docker-compose.yml:8");
        assertThat(findings.toString()).contains("invalid YAML", "not UTF-8 text");
    }
}
