package dev.zerofail.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.file.Files;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shapes of compose file people really have (fixtures/compose-unify, written for these tests
 * after the failures seen on public repositories): unify must succeed with its read-back check on,
 * and keep what the inputs meant.
 */
class UnifyRealShapesTest {
    static final Path DIR = Path.of("src/test/resources/fixtures/compose-unify");

    static Unifier.Result unify(String... files) {
        List<Path> in = java.util.Arrays.stream(files).map(DIR::resolve).toList();
        Path out = in.get(0).resolveSibling("docker-compose.zerofail-unified.yml");
        Unifier.Result r = Unifier.unify(in, null, out);
        assertThat(Unifier.unify(in, null, out).yaml()).as("deterministic").isEqualTo(r.yaml());
        return r;
    }

    /** The unified text read back raw, as a model. */
    static Map<String, Object> back(Unifier.Result r, String dir) {
        Path out = DIR.resolve(dir).resolve("docker-compose.zerofail-unified.yml");
        return ComposeLoader.load(List.of(out), new ComposeLoader.Options(Map.of(), false, DIR.resolve(dir)), true,
                Map.of(out.toAbsolutePath().normalize(), r.yaml())).model();
    }

    static String decisions(Unifier.Result r) {
        return r.decisions().toString();
    }

    @Test
    void servicesNamedAfterVersionsGetVariablesThatInterpolate() {
        // "8.0" made ${8_0_IMAGE_TAG:-dev}: not a variable name, so the read-back refused the unified file
        Unifier.Result r = unify("digit-service/compose.yml");
        Map<String, Object> m = back(r, "digit-service");
        Map<String, Object> v80 = ComposeMaps.asMap(ComposeMaps.asMap(m.get("services")).get("8.0"));
        assertThat((String) v80.get("image")).endsWith(":${SERVICE_8_0_IMAGE_TAG:-dev}");
        assertThat(r.yaml()).contains("${SERVICE_8_0_IMAGE_TAG:-dev}").contains("${SERVICE_8_1_IMAGE_TAG:-dev}")
                .doesNotContain("${8_");
        assertThat(Unifier.variablePrefix("8.0")).isEqualTo("SERVICE_8_0");
        assertThat(Unifier.variablePrefix("api-gateway")).isEqualTo("API_GATEWAY");
    }

    @Test
    void aFileOfSeveralYamlDocumentsIsReadAsDockerComposeReadsIt() {
        // the second document declares the secret the first one uses, and adds to the service
        Path file = DIR.resolve("multi-document/compose.yaml");
        ComposeProject p = ComposeLoader.load(List.of(file), Map.of());
        assertThat(ComposeMaps.path(p.model(), "secrets.ledger_db_password.environment")).isEqualTo("LEDGER_DB_PASSWORD");
        assertThat(ComposeMaps.path(p.model(), "services.app.environment.LOG_LEVEL")).isEqualTo("info");
        assertThat(ComposeMaps.path(p.model(), "services.app.environment.DB_PASSWORD_FILE"))
                .isEqualTo("/run/secrets/ledger_db_password");
        assertThat(ComposeMaps.path(p.model(), "volumes")).isNotNull();
        Unifier.Result r = unify("multi-document/compose.yaml");
        assertThat(ComposeMaps.path(back(r, "multi-document"), "secrets.ledger_db_password.environment"))
                .isEqualTo("LEDGER_DB_PASSWORD");
    }

    @Test
    void aLaterDocumentThatIsNotAMappingIsAnErrorNamingItsLine() {
        assertThatThrownBy(() -> YamlTree.parse("compose.yml", "services:\n  a:\n    image: x:1\n---\n- just\n- a list\n"))
                .isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(((ZerofailException) e).describe()).contains("compose.yml:5")
                        .contains("not a mapping"));
    }

    @Test
    void oneServiceWithOneLongSyntaxPort() {
        Unifier.Result r = unify("long-ports/compose.yml");
        assertThat(r.yaml()).contains("- \"8080:80\"");
        Map<String, Object> port = ComposeMaps.asMap(((List<?>) ComposeMaps.path(back(r, "long-ports"),
                "services.web.ports")).get(0));
        assertThat(port).containsEntry("target", 80L).containsEntry("published", 8080L).containsEntry("mode", "ingress");
    }

    @Test
    void selfHostedProductWithLocalUntaggedImagesAndMergeKeyLists() {
        Unifier.Result r = unify("self-hosted/docker-compose.yaml");
        Map<String, Object> m = back(r, "self-hosted");
        // local images are in nobody's registry: no registry is added; the built one gets a tag parameter whose
        // default is what an untagged name means (latest); the other stays as written; both still never pulled
        assertThat(ComposeMaps.path(m, "services.app-service.image"))
                .isEqualTo("ledgerly-app-self-hosted-local:${APP_SERVICE_IMAGE_TAG:-latest}");
        assertThat(ComposeMaps.path(m, "services.worker-service.image")).isEqualTo("ledgerly-worker-self-hosted-local");
        // docker stack deploy refuses pull_policy: removed, and the report says the image must be on every node
        assertThat(ComposeMaps.path(m, "services.app-service.pull_policy")).isNull();
        assertThat(ComposeMaps.path(m, "services.app-service.logging.options.max-size")).isEqualTo("10m");
        assertThat(ComposeMaps.path(m, "services.proxy-service.pull_policy")).isNull();
        // a host-mode long port stays long, its interpolated published port as written
        Map<String, Object> proxyPort = ComposeMaps.asMap(((List<?>) ComposeMaps.path(m,
                "services.proxy-service.ports")).get(0));
        assertThat(proxyPort).containsEntry("mode", "host").containsEntry("published", "${MAIN_PORT:-10000}");
        assertThat(r.yaml()).contains("http://${COUCH_USER}:${COUCH_PASSWORD}@couchdb:5984");
        assertThat(decisions(r)).contains("pull_policy").contains("must be on every node");
    }

    @Test
    void buildBlocksThatDifferBetweenBaseAndOverride() {
        Unifier.Result r = unify("build-across/compose.yml", "build-across/compose.override.yml",
                "build-across/ci/compose.ci.yml");
        Map<String, Object> m = back(r, "build-across");
        assertThat(ComposeMaps.path(m, "services.api.build.dockerfile")).isEqualTo("Dockerfile.dev");
        // args written as a list in one file and a map in another merge by name, as docker compose merges them
        assertThat(ComposeMaps.asMap(ComposeMaps.path(m, "services.api.build.args"))).containsEntry("PYTHON_VERSION",
                "3.13").containsEntry("PIP_INDEX", "https://pypi.example.com/simple").containsEntry("INSTALL_DEV", "true");
        // paths of the file in ci/ mean what they meant there
        assertThat(ComposeMaps.path(m, "services.api.build.context")).isEqualTo("./api");
        assertThat(ComposeMaps.path(m, "services.api.build.additional_contexts.shared")).isEqualTo("./libs/shared");
        // the override's string form only names the context: the base's args stay
        assertThat(ComposeMaps.path(m, "services.frontend.build.context")).isEqualTo("./frontend");
        assertThat(ComposeMaps.asMap(ComposeMaps.path(m, "services.frontend.build.args"))).containsKeys("API_URL",
                "NODE_ENV");
        // a built, untagged image: its tag becomes a parameter whose default is what untagged means
        assertThat(ComposeMaps.path(m, "services.frontend.image")).isEqualTo("notes-frontend:${FRONTEND_IMAGE_TAG:-latest}");
        assertThat((String) ComposeMaps.path(m, "services.mailcatcher.build.dockerfile_inline"))
                .startsWith("FROM ruby:3.3-alpine");
        assertThat((String) ComposeMaps.path(m, "services.mailcatcher.image")).contains("mailcatcher:${");
    }

    @Test
    void anOverrideWhoseNetworkVolumeAndSecretLiveInAnAbsentBaseFile() {
        Unifier.Result r = unify("override-without-base/docker-compose.monitoring.yml");
        Map<String, Object> m = back(r, "override-without-base");
        assertThat(ComposeMaps.asMap(m.get("networks"))).containsKey("backend");
        assertThat(ComposeMaps.asMap(m.get("volumes"))).containsKey("grafana_data");
        assertThat(ComposeMaps.path(m, "secrets.grafana_admin_password.external")).isEqualTo(true);
        assertThat(ComposeMaps.path(m, "services.grafana.networks.backend.aliases")).isEqualTo(List.of("dashboards"));
        assertThat(r.decisions()).anySatisfy(d -> assertThat(d.keys()).containsExactly("networks.backend"))
                .anySatisfy(d -> assertThat(d.keys()).containsExactly("volumes.grafana_data"))
                .anySatisfy(d -> {
                    assertThat(d.keys()).containsExactly("secrets.grafana_admin_password");
                    assertThat(d.action()).isEqualTo(Unifier.Action.ADDED);
                    assertThat(d.message()).contains("docker secret create grafana_admin_password");
                });
    }

    @Test
    void escapesDefaultedPathsUnsetPortsAndRequiredVariablesKeepTheirMeaning() {
        Unifier.Result r = unify("escapes-and-paths/docker-compose.yaml");
        // $$ is the shell's dollar, not compose's: written back escaped
        assertThat(r.yaml()).contains("$${HOSTNAME}").contains("($$|/)").contains("HOST: $$HOSTNAME");
        // a source that starts with a variable keeps the short syntax, so docker decides bind or volume from
        // its value as it did for the input
        assertThat(r.yaml()).contains("- ${PROJECT_DIR:-.}/dags:/opt/dags")
                .contains("- ${DATA_VOLUME:-scheduler_data}:/var/lib/scheduler")
                .contains("- ${METRICS_PORT}:${METRICS_PORT}/udp")
                // the version 3 schema has no long form for an SELinux label: it stays a mode of the short syntax
                .contains("- ./config:/etc/scheduler:ro,z");
        // the requirement survives for deploy time, and the report says so
        assertThat(r.yaml()).contains("${DB_NAME:?set DB_NAME}");
        assertThat(r.decisions()).anySatisfy(d -> {
            assertThat(d.keys()).containsExactly("DB_NAME");
            assertThat(d.action()).isEqualTo(Unifier.Action.REQUIRED_VARIABLE);
            assertThat(d.variable()).isEqualTo("DB_NAME");
            assertThat(d.message()).contains("required");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void envFilesExtendsProfilesAndXBlocksAcrossTwoFiles() {
        Unifier.Result r = unify("everyday-features/compose.yml", "everyday-features/compose.prod.yml");
        Map<String, Object> m = back(r, "everyday-features");
        assertThat(ComposeMaps.path(m, "services.worker.env_file")).isEqualTo(List.of("./config/worker.env",
                ".env.orders"));
        assertThat(ComposeMaps.path(m, "services.api.image")).isEqualTo("example/orders-api:3.2.0");
        // a stack has no profiles: docker stack deploy refuses the key, so it goes, and the report says the service now runs
        assertThat(ComposeMaps.path(m, "services.api.profiles")).isNull();
        assertThat(decisions(r)).contains("profiles").contains("runs with the others");
        assertThat(ComposeMaps.path(m, "services.api.environment.LOG_LEVEL")).isEqualTo("info");
        assertThat(ComposeMaps.path(m, "services.worker.command")).isEqualTo(List.of("orders", "work", "--queue",
                "default"));
        assertThat(m).doesNotContainKey("x-common");
    }

    @Test
    @SuppressWarnings("unchecked")
    void keysDockerStackDeployRefusesAreRemovedOrRewrittenAndReported(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("compose.yml");
        Files.writeString(f, """
                services:
                  app:
                    image: acme/app:1.2
                    platform: linux/amd64
                    pull_policy: always
                    scale: 3
                    develop:
                      watch:
                        - action: sync
                          path: ./src
                          target: /src
                    ports:
                      - name: web
                        target: 80
                        published: 8080
                        app_protocol: http
                    healthcheck:
                      test: ["CMD", "true"]
                      start_interval: 2s
                    deploy:
                      resources:
                        reservations:
                          devices:
                            - driver: nvidia
                              count: 1
                              capabilities: [gpu]
                """);
        Unifier.Result r = Unifier.unify(List.of(f), null, tmp.resolve("out.yml"));
        Map<String, Object> app = (Map<String, Object>) ComposeMaps.path(r.model(), "services.app");
        assertThat(app).doesNotContainKeys("platform", "pull_policy", "scale", "develop");
        assertThat(r.yaml()).doesNotContain("app_protocol").doesNotContain("start_interval").doesNotContain("nvidia");
        assertThat(String.valueOf(ComposeMaps.path(r.model(), "services.app.deploy.replicas"))).contains("3");
        assertThat(decisions(r)).contains("platform").contains("develop").contains("app_protocol")
                .contains("devices").contains("start_interval");
    }

    @Test
    void aMalformedVariableReferenceIsStillRefusedWithFileAndLine(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("compose.yml");
        Files.writeString(f, "services:\n  web:\n    image: nginx\n    environment:\n      URL: http://${HOST/x\n");
        assertThatThrownBy(() -> Unifier.unify(List.of(f), null, tmp.resolve("out.yml")))
                .isInstanceOf(ZerofailException.class)
                .satisfies(e -> {
                    assertThat(((ZerofailException) e).exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(((ZerofailException) e).where()).contains("compose.yml:5")
                            .contains("services.web.environment.URL");
                });
    }

    @Test
    void aDifferenceNamesTheFieldAndBothValuesMaskingSecrets() {
        Map<String, Object> in = model("web", Map.of("image", "nginx:1.27", "ports", List.of(port(80, 8080)),
                "environment", Map.of("API_TOKEN", "tok-1234567890abcdef", "MODE", "a")));
        Map<String, Object> out = model("web", Map.of("image", "nginx:1.27", "ports", List.of(port(80, 9090)),
                "environment", Map.of("API_TOKEN", "tok-0000000000000000", "MODE", "a")));
        List<String> diffs = Equivalence.differences(in, out);
        assertThat(diffs).contains("web.ports[0].published: input '8080', unified '9090'");
        assertThat(diffs).anySatisfy(d -> assertThat(d).startsWith("web.environment.API_TOKEN: input tok-"));
        assertThat(String.join("\n", diffs)).doesNotContain("tok-1234567890abcdef").doesNotContain("tok-0000000000000000");
        // an untagged image is its :latest
        assertThat(Equivalence.differences(model("a", Map.of("image", "redis")), model("a", Map.of("image",
                "redis:latest")))).isEmpty();
    }

    @Test
    void theReadBackCheckStillCatchesAChangedOrAddedField() {
        Map<String, Object> in = model("web", Map.of("image", "nginx:1.27"));
        Map<String, Object> out = model("web", Map.of("image", "nginx:1.28", "privileged", true));
        assertThat(Equivalence.differences(in, out)).containsExactly(
                "web.image: input 'nginx:1.27', unified 'nginx:1.28'", "web.privileged: input (absent), unified 'true'");
    }

    private static Map<String, Object> port(long target, long published) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("target", target);
        p.put("published", published);
        return p;
    }

    private static Map<String, Object> model(String service, Map<String, Object> def) {
        Map<String, Object> services = new LinkedHashMap<>();
        services.put(service, new LinkedHashMap<>(def));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("services", services);
        return m;
    }
}
