package dev.zerofail.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.TestFiles;
import dev.zerofail.core.DotEnv;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.SecretSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitTest {
    @TempDir
    Path repo;

    private ZerofailConfig run() {
        Init.Survey s = Init.survey(repo);
        Init.write(Init.draft(s, Init.Choices.defaults(s), RuleSet.builtin(), false, false), repo);
        return ZerofailConfig.load(repo, null);
    }

    @Test
    void environmentsComeFromTheWordsOfThePathTheFileNameFirst() {
        assertThat(Init.environmentOf("docker-compose.prod.yml")).isEqualTo("prod");
        assertThat(Init.environmentOf("docker-compose.production.yml")).isEqualTo("prod");
        assertThat(Init.environmentOf("compose.stage.yaml")).isEqualTo("staging");
        assertThat(Init.environmentOf("deploy/prod/swarm/stack.yml")).isEqualTo("prod");
        assertThat(Init.environmentOf("deploy/test/docker-compose.yml")).isEmpty();
        assertThat(Init.environmentOf("prod/docker-compose.local.yml")).as("the file name wins over its folder").isEmpty();
        assertThat(Init.environmentOf("docker-compose.override.yml")).isEmpty();
        assertThat(Init.environmentOf("docker-compose.yml")).isNull();
        assertThat(Init.environmentOf("docker-compose.traefik.yml")).isNull();
        assertThat(Init.environmentOf("products/docker-compose.yml")).as("whole words only").isNull();
    }

    @Test
    void healthChecksComeFromTheHealthcheckUrlAndThePortThatPublishesIt() throws Exception {
        TestFiles.copyTree(Path.of("src/test/resources/fixtures/init/health"), repo);
        ZerofailConfig cfg = run();
        DeployConfig deploy = DeployConfig.from(cfg, repo);
        assertThat(deploy.environments().keySet()).containsExactly("prod", "staging");

        DeployConfig.Environment prod = deploy.environment("prod");
        assertThat(prod.compose()).as("an override of the base is merged after it")
                .containsExactly(repo.resolve("docker-compose.yml"), repo.resolve("docker-compose.prod.yml"));
        assertThat(prod.services().keySet()).containsExactly("api", "on", "web.v2", "db");
        DeployConfig.Health api = prod.service("api").health();
        assertThat(api.http()).extracting(DeployConfig.HttpCheck::url)
                .as("published port from ${API_PORT:-8080}, the query string left out")
                .containsExactly("http://127.0.0.1:8080/healthz");
        assertThat(api.timeout()).as("60s start period + 2 × 10s interval + 5s check, in whole 10s")
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(prod.service("on").health().http()).extracting(DeployConfig.HttpCheck::url)
                .as("a key YAML would read as a boolean is quoted").containsExactly("http://127.0.0.1:9000/ready");
        assertThat(prod.service("db").health().http()).as("pg_isready is not HTTP").isEmpty();
        assertThat(prod.service("db").health().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(prod.service("web.v2").health().http()).as("no healthcheck: only a suggestion in a comment").isEmpty();

        DeployConfig.Environment staging = deploy.environment("staging");
        assertThat(staging.compose()).as("a file with a service the base lacks stands alone")
                .containsExactly(repo.resolve("docker-compose.staging.yml"));
        assertThat(staging.services().keySet()).containsExactly("api", "preview-proxy");
        assertThat(staging.service("api").health().http()).extracting(DeployConfig.HttpCheck::url)
                .containsExactly("http://127.0.0.1:18080/healthz");

        String text = Files.readString(repo.resolve("zerofail.yaml"));
        assertThat(text).contains("# http: [ { url: \"http://127.0.0.1:3000/\", status: 200 } ]")
                .doesNotContain("token=abc").doesNotContain("127.0.0.1:5432");
    }

    @Test
    void theManifestIsImportedFromTemplatesAndWorkflowsWithTheServicesThatUseEachSecret() throws Exception {
        TestFiles.copyTree(Path.of("src/test/resources/fixtures/init/health"), repo);
        ZerofailConfig cfg = run();
        Manifest m = Manifest.load(cfg, repo);
        assertThat(m.secrets()).extracting(SecretSpec::name).containsExactly("API_SECRET_KEY", "REGISTRY_TOKEN");
        assertThat(m.secrets().get(0).services()).containsExactly("api");
        assertThat(m.secrets().get(1).services()).isEmpty();
        assertThat(HistoryConfig.from(cfg.section("history")).url()).isEqualTo(HistoryStore.DEFAULT_URL);
    }

    @Test
    void anUnreadableComposeFileIsAWarningAndTheRestIsWritten() throws Exception {
        TestFiles.copyTree(Path.of("src/test/resources/fixtures/init/health"), repo);
        Init.Survey s = Init.survey(repo);
        Init.Draft d = Init.draft(s, Init.Choices.defaults(s), RuleSet.builtin(), false, false);
        assertThat(d.warnings()).anyMatch(w -> w.startsWith("docker-compose.broken.yml:2: invalid YAML"));
        assertThat(d.result().unusedCompose()).containsExactly("docker-compose.broken.yml", "docker-compose.dev.yml");
    }

    @Test
    void theExampleRepositoryGetsProdAndStagingAndAManifestWithoutAnyValueOfItsDotenv() throws Exception {
        TestFiles.copyTree(Path.of("examples/acme-platform"), repo);
        Files.delete(repo.resolve("zerofail.yaml"));
        ZerofailConfig cfg = run();
        DeployConfig deploy = DeployConfig.from(cfg, repo);
        assertThat(deploy.environments().keySet()).containsExactly("prod", "staging");
        assertThat(deploy.environment("prod").compose())
                .containsExactly(repo.resolve("docker-compose.yml"), repo.resolve("docker-compose.prod.yml"));
        assertThat(deploy.environment("prod").services().keySet())
                .containsExactly("api", "web", "worker", "db", "redis", "mailhog");
        Manifest m = Manifest.load(cfg, repo);
        assertThat(m.secrets()).extracting(SecretSpec::name)
                .contains("JWT_SECRET", "OPENAI_API_KEY", "STRIPE_SECRET_KEY", "SSH_PRIVATE_KEY", "DOCKERHUB_TOKEN");
        assertThat(m.secrets()).filteredOn(s -> s.name().equals("JWT_SECRET")).singleElement()
                .satisfies(s -> assertThat(s.path()).as("the ESC definition's path").isEqualTo("app.jwtSecret"));
        String text = Files.readString(repo.resolve("zerofail.yaml"));
        for (Map.Entry<String, String> e : DotEnv.read(repo.resolve(".env")).entrySet()) {
            if (e.getValue().length() >= 8) {
                assertThat(text).as(".env value of %s", e.getKey()).doesNotContain(e.getValue());
            }
        }
    }

    @Test
    void withoutAnEnvironmentFileTheBaseBecomesProdAndWithoutComposeThereIsNone() throws Exception {
        Files.writeString(repo.resolve("docker-compose.yml"), "services:\n  app:\n    image: nginx:1.27\n");
        Files.writeString(repo.resolve("docker-compose.override.yml"), "services:\n  app:\n    ports: [\"8080:80\"]\n");
        assertThat(DeployConfig.from(run(), repo).environments()).containsOnlyKeys("prod");

        Path empty = repo.resolve("empty");
        Files.createDirectory(empty);
        Init.Survey s = Init.survey(empty);
        Init.Draft d = Init.draft(s, Init.Choices.defaults(s), RuleSet.builtin(), false, false);
        assertThat(d.result().environments()).isEmpty();
        ZerofailConfig cfg = ZerofailConfig.parse(empty.resolve("zerofail.yaml"), d.yaml());
        assertThat(DeployConfig.from(cfg, empty).environments()).isEmpty();
        assertThat(d.yaml()).contains("manifest: []").contains("workflows:\n  core: [production, secrets, quality, security, emergency]");
    }

    @Test
    void aDraftThatTheLoadersRefuseIsAnInternalErrorAndNothingIsWritten() {
        assertThatThrownBy(() -> Init.check(repo.resolve("zerofail.yaml"), repo,
                "environments:\n  prod:\n    stack: x\n    compose: a.yml\n    services: {api: {health: {timeout: soon}}}\n"))
                .isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.INTERNAL))
                .hasMessageContaining("environments.prod.services.api.health.timeout");
        assertThat(repo.resolve("zerofail.yaml")).doesNotExist();
    }

    @Test
    void aBadEnvironmentNameIsAUsageError() {
        Init.Survey s = Init.survey(repo);
        assertThatThrownBy(() -> Init.draft(s, new Init.Choices(Map.of("Prod Env", List.of("x.yml")), "p", false,
                HistoryStore.DEFAULT_URL), RuleSet.builtin(), false, false))
                .isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
