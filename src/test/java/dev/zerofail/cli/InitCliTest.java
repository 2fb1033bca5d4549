package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.TestEnv;
import dev.zerofail.TestFiles;
import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.init.Init;
import dev.zerofail.scan.ScanConfig;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.workflow.WorkflowsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path repo;

    @AfterEach
    void noPrompter() {
        InitCommand.prompter = null;
    }

    private void example() throws Exception {
        TestFiles.copyTree(Path.of("examples/acme-platform"), repo);
        Files.delete(repo.resolve("zerofail.yaml"));
    }

    @Test
    void writesAFileTheAuditAcceptsAndNeverReplacesOneWithoutForce() throws Exception {
        example();
        Cli first = Cli.run("init", repo.toString(), "--yes");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("wrote zerofail.yaml", "environment prod: stack ", "next: review zerofail.yaml");
        String written = Files.readString(repo.resolve("zerofail.yaml"));

        Cli audit = Cli.run("audit", repo.toString(), "-q", "-f", "json");
        assertThat(audit.exit()).as(audit.err()).isZero();
        assertThat(JSON.readTree(audit.out()).path("result").path("secrets").path("manifest").asText())
                .isEqualTo("zerofail.yaml");

        Files.writeString(repo.resolve("zerofail.yaml"), "# mine\n");
        Cli again = Cli.run("init", repo.toString(), "--yes");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("zerofail.yaml: already exists", "--force");
        assertThat(Files.readString(repo.resolve("zerofail.yaml"))).isEqualTo("# mine\n");

        Cli error = Cli.run("init", repo.toString(), "--yes", "-f", "json");
        assertThat(error.exit()).isEqualTo(2);
        assertThat(JSON.readTree(error.out()).path("error").path("kind").asText()).isEqualTo("usage");

        Cli forced = Cli.run("init", repo.toString(), "--yes", "--force", "-f", "json");
        assertThat(forced.exit()).as(forced.err()).isZero();
        JsonNode result = JSON.readTree(forced.out()).path("result");
        assertThat(result.path("replaced").asBoolean()).isTrue();
        assertThat(result.path("interactive").asBoolean()).isFalse();
        assertThat(result.path("environments")).extracting(e -> e.path("name").asText()).containsExactly("prod", "staging");
        assertThat(result.path("secrets").path("entries").asInt()).isGreaterThan(10);
        assertThat(Files.readString(repo.resolve("zerofail.yaml"))).isEqualTo(written);
    }

    @Test
    void notADirectoryIsExit2() {
        Cli r = Cli.run("init", repo.resolve("missing").toString(), "--yes");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("missing").contains("no such file or directory");
        assertThat(repo.resolve("missing")).doesNotExist();
    }

    @Test
    void markdownNamesEachEnvironment() throws Exception {
        example();
        Cli r = Cli.run("init", repo.toString(), "--yes", "-f", "markdown");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("| prod | ", "| staging | ", "docker-compose.yml + docker-compose.prod.yml");
    }

    /** A person at the terminal: each question is asked, a bad answer is asked again, Enter keeps the default. */
    @Test
    void theQuestionsShapeTheFile() throws Exception {
        example();
        Deque<String> answers = new ArrayDeque<>(List.of(
                "Prod, qa",              // not usable: upper case
                "prod, qa",
                "",                      // prod: keep the guessed files
                "nope.yml",              // qa: no such file
                "docker-compose.staging.yml",
                "acme",
                "n",
                "jdbc:postgresql://db.example.com/zf",   // no TLS: asked again
                "jdbc:postgresql://db.example.com/zf?sslmode=verify-full"));
        List<String> asked = new ArrayList<>();
        List<String> said = new ArrayList<>();
        InitCommand.prompter = new InitCommand.Prompter() {
            @Override
            public String ask(String question, String dflt) {
                asked.add(question + " [" + dflt + "]");
                return answers.poll();
            }

            @Override
            public void say(String line) {
                said.add(line);
            }
        };
        Cli r = Cli.run("init", repo.toString(), "-f", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(answers).isEmpty();
        assertThat(asked.get(0)).isEqualTo("Environments to deploy to (comma-separated) [prod, staging]");
        assertThat(asked.get(2)).isEqualTo("Compose file(s) for prod, merged in this order [docker-compose.yml, docker-compose.prod.yml]");
        assertThat(said).filteredOn(l -> l.contains("not usable")).hasSize(3);
        JsonNode result = JSON.readTree(r.out()).path("result");
        assertThat(result.path("interactive").asBoolean()).isTrue();

        ZerofailConfig cfg = ZerofailConfig.load(repo, null);
        DeployConfig deploy = DeployConfig.from(cfg, repo);
        assertThat(deploy.environments().keySet()).containsExactly("prod", "qa");
        assertThat(deploy.environment("qa").stack()).isEqualTo("acme-qa");
        assertThat(deploy.environment("qa").compose()).containsExactly(repo.resolve("docker-compose.staging.yml"));
        assertThat(Manifest.load(cfg, repo).secrets()).as("import declined").isEmpty();
        assertThat(HistoryConfig.from(cfg.section("history")).url()).isEqualTo("jdbc:postgresql://db.example.com/zf?sslmode=verify-full");
        assertThat(WorkflowsConfig.from(cfg.section("workflows")).core()).doesNotContain("staging");
    }

    @Test
    void endOfInputTakesTheDefaults() throws Exception {
        example();
        InitCommand.prompter = new InitCommand.Prompter() {
            @Override
            public String ask(String question, String dflt) {
                return null;
            }

            @Override
            public void say(String line) {
            }
        };
        assertThat(Cli.run("init", repo.toString()).exit()).isZero();
        assertThat(DeployConfig.from(ZerofailConfig.load(repo, null), repo).environments().keySet())
                .containsExactly("prod", "staging");
    }

    /** Environments each set of real compose files should get (sets added to the corpus later are only loaded). */
    private static final Map<String, Map<String, List<String>>> EXPECTED = expected();

    private static Map<String, Map<String, List<String>>> expected() {
        Map<String, Map<String, List<String>>> m = new LinkedHashMap<>();
        m.put("BretFisher__dogvscat", Map.of("prod", List.of("stack-proxy.yml")));
        m.put("HeJiguang__SynCode", Map.of("prod", List.of("deploy/prod/swarm/stack.yml")));
        m.put("Madeena-software__mhcs-core", Map.of("prod", List.of("docker-compose.prod.yml")));
        m.put("apache__airflow", Map.of("prod", List.of("docs/apache-airflow/howto/docker-compose/docker-compose.yaml")));
        m.put("dockersamples__example-voting-app", Map.of("prod", List.of("docker-stack.yml")));
        m.put("fastapi__full-stack-fastapi-template", Map.of("prod", List.of("docker-compose.yml")));
        m.put("getredash__redash", Map.of("prod", List.of("docker-compose.production.yml")));
        m.put("immich-app__immich", Map.of("prod", List.of("docker/docker-compose.prod.yml")));
        m.put("ktenman__portfolio", Map.of("prod", List.of("docker-stack.yml")));
        m.put("netbox-community__netbox-docker", Map.of("prod", List.of("docker-compose.yml")));
        m.put("renekris__renekris-dev-website", Map.of("prod", List.of("docker-stack.yml")));
        m.put("stefanprodan__swarmprom", Map.of("prod", List.of("docker-compose.yml")));
        m.put("tiangolo__dockerswarm.rocks", Map.of());
        m.put("zabbix__zabbix-docker", Map.of("prod", List.of("docker-compose_v3_alpine_pgsql_latest.yaml")));
        return m;
    }

    /**
     * Every compose set of ../shared/corpus, laid out as in its repository (the corpus flattens
     * {@code a/b.yml} to {@code a__b.yml}): init writes a file that every loader and the audit accept,
     * with the expected environments and, per environment, the services its compose files define. (The
     * audit reads the configuration through the same loaders; it runs on the example repository above.)
     */
    @Test
    void everyComposeSetOfTheCorpus() throws Exception {
        Path corpus = TestEnv.sharedCorpus().resolve("compose");
        List<Path> sets;
        try (Stream<Path> s = Files.list(corpus)) {
            sets = s.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(sets).hasSizeGreaterThanOrEqualTo(10);
        List<String> failures = new ArrayList<>();
        for (Path set : sets) {
            String name = set.getFileName().toString();
            Path dir = repo.resolve(name);
            try (Stream<Path> s = Files.list(set)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    Path to = dir.resolve(f.getFileName().toString().replace("__", "/"));
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
            }
            try {
                check(name, dir);
            } catch (RuntimeException | AssertionError e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        assertThat(failures).isEmpty();
    }

    private static void check(String name, Path dir) throws Exception {
        Cli r = Cli.run("init", dir.toString(), "--yes", "-f", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        ZerofailConfig cfg = ZerofailConfig.load(dir, null);
        ScanConfig.from(cfg.section("scan"));
        WorkflowsConfig.from(cfg.section("workflows"));
        Manifest.load(cfg, dir);
        HistoryConfig.from(cfg.section("history"));
        DeployConfig deploy = DeployConfig.from(cfg, dir);
        if (EXPECTED.containsKey(name)) {
            Map<String, List<Path>> want = new LinkedHashMap<>();
            EXPECTED.get(name).forEach((env, files) -> want.put(env, files.stream().map(dir::resolve).toList()));
            Map<String, List<Path>> got = new LinkedHashMap<>();
            deploy.environments().forEach((env, e) -> got.put(env, e.compose()));
            assertThat(got).as("environments").isEqualTo(want);
        }
        for (DeployConfig.Environment e : deploy.environments().values()) {
            List<String> defined = new ArrayList<>(ComposeLoader.load(e.compose(),
                    new ComposeLoader.Options(Map.of(), false, null)).services().keySet());
            assertThat(e.services().keySet()).as("services of %s", e.name()).containsExactlyElementsOf(defined);
            assertThat(e.stack()).isEqualTo(Init.survey(dir).project() + "-" + e.name());
        }
    }
}
