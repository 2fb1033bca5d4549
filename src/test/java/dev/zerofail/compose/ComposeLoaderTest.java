package dev.zerofail.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class ComposeLoaderTest {
    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    ComposeProject load(Map<String, String> env, Path... files) {
        return ComposeLoader.load(List.of(files), env);
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> m, String path) {
        return (T) ComposeMaps.path(m, path);
    }

    @Test
    void anchorsMergeKeysAndShortSyntaxBecomeTheCanonicalLongForm() throws IOException {
        Path f = write("docker-compose.yml", """
                version: "3.8"
                x-defaults: &defaults
                  restart: always
                  environment:
                    - TZ=UTC
                    - DEBUG
                services:
                  api:
                    <<: *defaults
                    image: acme/api:1.2
                    command: npm start
                    ports: ["8080:80", "127.0.0.1:9090:9090/udp", 3000]
                    volumes: ["data:/var/lib/data:ro", "./conf:/etc/conf", "/tmp/cache"]
                    secrets: [db_password]
                    networks: [front]
                    healthcheck:
                      test: curl -f http://localhost/health
                      retries: 3
                    depends_on: [db]
                  db:
                    image: postgres:16
                networks: {front: {}}
                volumes: {data: }
                secrets:
                  db_password: {file: ./db_password.txt}
                """);
        Map<String, Object> api = load(Map.of(), f).service("api");
        assertThat(api.get("restart")).isEqualTo("always");
        Map<String, Object> env = at(api, "environment");
        assertThat(env).containsOnlyKeys("TZ", "DEBUG").containsEntry("TZ", "UTC");
        assertThat(env.get("DEBUG")).as("a name without a value comes from the caller's environment").isNull();
        assertThat((List<Object>) api.get("ports")).containsExactly(
                Map.of("target", 80L, "published", 8080L, "protocol", "tcp", "mode", "ingress"),
                Map.of("target", 9090L, "published", 9090L, "host_ip", "127.0.0.1", "protocol", "udp", "mode", "ingress"),
                Map.of("target", 3000L, "protocol", "tcp", "mode", "ingress"));
        assertThat((List<Object>) api.get("volumes")).containsExactly(
                Map.of("type", "volume", "source", "data", "target", "/var/lib/data", "read_only", true),
                Map.of("type", "bind", "source", "./conf", "target", "/etc/conf"),
                Map.of("type", "volume", "target", "/tmp/cache"));
        assertThat((List<Object>) api.get("secrets")).containsExactly(Map.of("source", "db_password"));
        assertThat((Object) at(api, "healthcheck.test")).isEqualTo(List.of("CMD-SHELL", "curl -f http://localhost/health"));
        assertThat((Object) at(api, "depends_on.db.condition")).isEqualTo("service_started");
        assertThat((Map<String, Object>) api.get("networks")).containsOnlyKeys("front");
    }

    @Test
    void interpolationCoversDefaultsErrorsEscapesAndTheDotEnvFile() throws IOException {
        write(".env", "FROM_DOTENV=dotenv\nOVERRIDDEN=dotenv\n");
        Path f = write("compose.yml", """
                services:
                  app:
                    image: "${REGISTRY:-ghcr.io/acme}/app:${TAG-1.0}"
                    environment:
                      EMPTY_COLON: "${EMPTY:-fallback}"
                      EMPTY_DASH: "${EMPTY-fallback}"
                      ALT: "${TAG:+set}"
                      NESTED: "${MISSING:-${FROM_DOTENV}}"
                      DOLLAR: "cost $$5"
                      PLAIN: $OVERRIDDEN
                """);
        Map<String, Object> app = load(Map.of("EMPTY", "", "TAG", "2.0", "OVERRIDDEN", "env"), f).service("app");
        assertThat(app.get("image")).isEqualTo("ghcr.io/acme/app:2.0");
        assertThat((Map<String, Object>) app.get("environment")).containsEntry("EMPTY_COLON", "fallback")
                .containsEntry("EMPTY_DASH", "").containsEntry("ALT", "set").containsEntry("NESTED", "dotenv")
                .containsEntry("DOLLAR", "cost $5").containsEntry("PLAIN", "env");
    }

    @Test
    void aValueMalformedOnlyByUnsetVariablesNamesThem() throws IOException {
        Path f = write("compose.yml", "services:\n  app:\n    image: acme/app\n    ports:\n"
                + "      - ${CALLS_PORT}:${CALLS_PORT}/udp\n");
        assertThatThrownBy(() -> load(Map.of(), f)).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.where()).endsWith("/compose.yml:5 services.app.ports[0]");
            assertThat(e.problem()).contains("not set: CALLS_PORT");
            assertThat(e.nextStep()).contains("--env-file");
        });
        assertThat(at(load(Map.of("CALLS_PORT", "8443"), f).service("app"), "ports").toString()).contains("8443");
    }

    @Test
    void aPlatformsOwnServiceKeyIsIgnoredWithAWarningButATypoIsRefused() throws IOException {
        Path f = write("compose.yml", "services:\n  migrate:\n    image: acme/app:1\n    exclude_from_hc: true\n");
        ComposeProject p = load(Map.of(), f);
        assertThat(p.service("migrate")).containsKey("image").doesNotContainKey("exclude_from_hc");
        assertThat(p.warnings()).anySatisfy(w -> assertThat(w).contains("compose.yml:4 services.migrate.exclude_from_hc")
                .contains("ignored"));
        Path typo = write("typo.yml", "services:\n  app:\n    healthchek:\n      test: [\"CMD\", \"true\"]\n");
        assertThatThrownBy(() -> load(Map.of(), typo)).isInstanceOfSatisfying(ZerofailException.class,
                e -> assertThat(e.nextStep()).contains("did you mean 'healthcheck'"));
    }

    @Test
    void aRequiredVariableThatIsUnsetNamesFileLineAndKey() throws IOException {
        Path f = write("compose.yml", "services:\n  app:\n    image: acme/app\n    environment:\n"
                + "      DB_PASSWORD: ${DB_PASSWORD:?must be set}\n");
        assertThatThrownBy(() -> load(Map.of(), f)).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.where()).endsWith("/compose.yml:5 services.app.environment.DB_PASSWORD");
            assertThat(e.problem()).contains("DB_PASSWORD").contains("must be set");
        });
    }

    @Test
    void rawModeKeepsReferencesAsWritten() throws IOException {
        Path f = write("compose.yml", "services:\n  app:\n    image: acme/app:${TAG:?x}\n    ports: [\"${PORT:-80}:80\"]\n");
        Map<String, Object> app = ComposeLoader.load(List.of(f), ComposeLoader.Options.raw()).service("app");
        assertThat(app.get("image")).isEqualTo("acme/app:${TAG:?x}");
        assertThat((Object) at(app, "ports")).isEqualTo(List.of(Map.of("target", 80L, "published", "${PORT:-80}",
                "protocol", "tcp", "mode", "ingress")));
    }

    @Test
    void filesMergeByTheComposeRules() throws IOException {
        Path base = write("docker-compose.yml", """
                services:
                  api:
                    image: acme/api:1
                    command: ["serve", "--port", "80"]
                    environment: {A: "1", B: "2"}
                    ports: ["80:80"]
                    volumes: ["data:/data", "./logs:/logs"]
                    healthcheck: {test: ["CMD", "true"], interval: 10s}
                    labels: [team=core]
                    dns: [1.1.1.1]
                  old:
                    image: acme/old
                """);
        Path override = write("docker-compose.override.yml", """
                services:
                  api:
                    image: acme/api:2
                    command: serve
                    environment: [B=3, C=4]
                    ports: ["443:443"]
                    volumes: ["other:/data"]
                    healthcheck: {test: ["CMD", "false"]}
                    labels: !override {only: this}
                    dns: !reset []
                """);
        Map<String, Object> api = load(Map.of(), base, override).service("api");
        assertThat(api.get("image")).isEqualTo("acme/api:2");
        assertThat(api.get("command")).isEqualTo("serve");
        assertThat(api.get("environment")).isEqualTo(Map.of("A", "1", "B", "3", "C", "4"));
        assertThat((List<Object>) api.get("ports")).hasSize(2);
        assertThat((List<Object>) api.get("volumes")).containsExactly(
                Map.of("type", "volume", "source", "other", "target", "/data"),
                Map.of("type", "bind", "source", "./logs", "target", "/logs"));
        assertThat(api.get("healthcheck")).isEqualTo(Map.of("test", List.of("CMD", "false"), "interval", "10s"));
        assertThat(api.get("labels")).isEqualTo(Map.of("only", "this"));
        assertThat(api).doesNotContainKey("dns");
    }

    @Test
    void extendsFromTheSameAndAnotherFileWithPathsRebased() throws IOException {
        write("common/base.yml", """
                services:
                  base:
                    image: acme/base:1
                    env_file: ./base.env
                    environment: {LEVEL: base}
                """);
        Path f = write("compose.yml", """
                services:
                  web:
                    extends: {file: common/base.yml, service: base}
                    environment: {LEVEL: web}
                  worker:
                    extends: web
                    command: work
                """);
        ComposeProject p = load(Map.of(), f);
        assertThat(p.service("web")).containsEntry("image", "acme/base:1").containsEntry("env_file",
                List.of("./common/base.env")).doesNotContainKey("extends");
        assertThat(p.service("worker")).containsEntry("command", "work").containsEntry("environment",
                Map.of("LEVEL", "web"));
    }

    @Test
    void circularExtendsIsAUsageErrorNamingTheCycle() throws IOException {
        Path f = write("compose.yml", """
                services:
                  a:
                    extends: b
                  b:
                    extends:
                      service: a
                """);
        assertThatThrownBy(() -> load(Map.of(), f)).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.problem()).contains("circular extends").contains("a -> b -> a");
            assertThat(e.where()).contains("/compose.yml:").contains(".extends");
        });
    }

    @Test
    void includeAddsAnotherFilesServicesAndRejectsRedefinition() throws IOException {
        write("db/compose.yml", "services:\n  db:\n    image: postgres:16\nvolumes:\n  pg: {}\n");
        Path f = write("compose.yml", "include:\n  - db/compose.yml\nservices:\n  app:\n    image: acme/app:1\n");
        ComposeProject p = load(Map.of(), f);
        assertThat(p.services()).containsOnlyKeys("app", "db");
        assertThat(p.section("volumes")).containsOnlyKeys("pg");
        Path clash = write("clash.yml", "include: [db/compose.yml]\nservices:\n  db:\n    image: mysql:8\n");
        assertThatThrownBy(() -> load(Map.of(), clash)).hasMessageContaining("also defined by the included file");
    }

    @Test
    void badInputNamesFileLineAndKey() throws IOException {
        record Case(String text, String where, String problem) {
        }
        List<Case> cases = List.of(
                new Case("services:\n  app:\n    image: [unclosed\n", "bad.yml:", "invalid YAML"),
                new Case("services: {}\nservice:\n  app: {}\n", "bad.yml:2 service", "unknown top-level key"),
                new Case("services:\n  app:\n    imagee: x\n", "bad.yml:3 services.app.imagee", "unknown service key"),
                new Case("services:\n  app:\n    image: x\n    ports: 5\n", "bad.yml:4 services.app.ports",
                        "expected a list"),
                new Case("services:\n  app:\n    image: x\n    secrets: [nope]\n", "bad.yml:4 services.app.secrets[0]",
                        "not defined at the top level"),
                new Case("services:\n  app:\n    image: x\n    ports: [\"80:80:80:80\"]\n",
                        "bad.yml:4 services.app.ports[0]", "cannot read the port"));
        for (Case c : cases) {
            Path f = write("bad.yml", c.text());
            assertThatThrownBy(() -> load(Map.of(), f)).as(c.text()).isInstanceOfSatisfying(ZerofailException.class,
                    e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                        assertThat(e.where()).contains("/" + c.where());
                        assertThat(e.problem()).contains(c.problem());
                    });
        }
    }
}
