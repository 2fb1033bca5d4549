package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeCliTest {
    static final String OPENAI = "sk-proj-Zq3vN8xLm2Kp7Rt4Wy6Bc9Df1Gh5Jk0Lm3Np8Qr2St6Uv4Wx7Yz1Ab5Cd9Ef3Gh";

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    Path base() throws IOException {
        return write("docker-compose.yml", """
                services:
                  api:
                    image: registry.example.com/acme/api:1.4.0
                    build: .
                    environment:
                      OPENAI_API_KEY: %s
                      APP_ENV: development
                    ports: ["8000:8000"]
                    healthcheck: {test: ["CMD", "true"], interval: 10s, timeout: 3s, retries: 3}
                  web:
                    image: registry.example.com/acme/web:1.4.0
                    healthcheck: {test: ["CMD", "true"], interval: 10s, timeout: 3s, retries: 3}
                """.formatted(OPENAI));
    }

    @Test
    void unifyWritesOneCheckedFileAndReportsEveryDecisionWithoutValues() throws IOException {
        Path base = base();
        Path prod = write("docker-compose.prod.yml", """
                services:
                  api:
                    image: registry.example.com/acme/api:1.5.0
                    environment: {APP_ENV: production}
                    ports: ["80:8000"]
                    deploy: {replicas: 3}
                """);
        Path out = dir.resolve("deploy/docker-compose.unified.yml");
        Files.createDirectories(out.getParent());
        Cli r = Cli.run("compose", "unify", base.toString(), prod.toString(), "-o", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        String yaml = Files.readString(out);
        assertThat(yaml).contains("image: ${REGISTRY:-registry.example.com}/acme/api:${API_IMAGE_TAG:-1.5.0}")
                .contains("replicas: ${API_REPLICAS:-3}").contains("${API_PORT:-80}:8000")
                .contains("APP_ENV: ${DEPLOY_ENV:-production}").contains("x-default-healthcheck: &default-healthcheck")
                .contains("failure_action: rollback").contains("context: ..").doesNotContain(OPENAI);
        assertThat(r.out()).contains("api.image:").contains("→ " + prod + " wins")
                .contains("OPENAI_API_KEY: hard-coded secret").contains("API_PORT (default 80)")
                .doesNotContain(OPENAI);
        assertThat(r.err()).doesNotContain(OPENAI);

        Cli prefer = Cli.run("compose", "unify", base.toString(), prod.toString(), "--prefer", base.toString(),
                "--dry-run", "-q");
        assertThat(prefer.exit()).isZero();
        assertThat(prefer.out()).contains("${API_IMAGE_TAG:-1.4.0}").contains("${DEPLOY_ENV:-development}");
    }

    @Test
    void aDirectoryStandsForItsComposeFilesBaseFirstAndTheOutputIsNotReadBack() throws IOException {
        base();
        write("docker-compose.prod.yml", "services:\n  api:\n    deploy: {replicas: 3}\n");
        Files.createDirectories(dir.resolve("nested"));
        write("nested/docker-compose.yml", "services:\n  other:\n    image: busybox:1\n");
        Cli first = Cli.run("compose", "unify", dir.toString(), "-f", "json");
        assertThat(first.exit()).as(first.err()).isZero();
        Path unified = dir.resolve("docker-compose.unified.yml");
        assertThat(Files.readString(unified)).contains("replicas").doesNotContain("other:");
        Cli again = Cli.run("compose", "unify", dir.toString(), "--dry-run");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo(Files.readString(unified));
        Cli config = Cli.run("compose", "config", dir.toString());
        assertThat(config.exit()).as(config.err()).isZero();
        assertThat(config.out()).contains("api:").doesNotContain("other:");

        Files.createDirectories(dir.resolve("empty-dir"));
        Cli none = Cli.run("compose", "unify", dir.resolve("empty-dir").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("empty-dir").contains("no compose file directly in this directory");
    }

    @Test
    void badInputIsExitTwoWithFileLineAndKeyAndNothingIsWritten() throws IOException {
        Path bad = write("docker-compose.yml", "services:\n  api:\n    image: x\n    ports: 5\n");
        Path out = dir.resolve("unified.yml");
        Cli r = Cli.run("compose", "unify", bad.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("docker-compose.yml:4 services.api.ports").contains("expected a list");
        assertThat(out).doesNotExist();
        assertThat(dir.toFile().list()).containsExactly("docker-compose.yml");

        Cli missing = Cli.run("compose", "unify", dir.resolve("nope.yml").toString(), "-o", out.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yml").contains("not found");
    }

    @Test
    void configPrintsTheMergedModelAsJsonWithSecretValuesMasked() throws IOException {
        Path base = base();
        Cli r = Cli.run("compose", "config", base.toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.at("/services/api/ports/0/published").asInt()).isEqualTo(8000);
        assertThat(doc.at("/services/api/environment/OPENAI_API_KEY").asText()).startsWith("sk-p…(");
        assertThat(r.out()).doesNotContain(OPENAI);
        Cli reveal = Cli.run("compose", "config", base.toString(), "--reveal");
        assertThat(reveal.out()).contains(OPENAI);
    }

    @Test
    void analyzeFindsConflictsAndExitsOneOnHighFindings() throws IOException {
        base();
        write("docker-compose.prod.yml", "services:\n  web:\n    image: registry.example.com/acme/web:latest\n");
        Cli r = Cli.run("compose", "analyze", dir.toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.toString()).contains("compose.conflict").contains("compose.floating-tag")
                .contains("compose.credential").doesNotContain(OPENAI);
        Cli low = Cli.run("compose", "analyze", dir.resolve("docker-compose.yml").toString(), "--fail-on", "critical",
                "-q");
        assertThat(low.exit()).as("the OpenAI key is critical").isEqualTo(1);
    }
}
