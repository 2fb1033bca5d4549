package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.Contracts;
import dev.zerofail.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON of audit, secrets check, workflows analyze/plan/apply and compose analyze/unify: each
 * run with {@code -f json} (Cli.run validates the document against docs/schemas) and once failing,
 * so the error document is checked too. The facts a script needs are fields, not prose.
 */
class JsonContractsCliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path ACME = Path.of("examples/acme-platform");

    @TempDir
    Path tmp;

    static JsonNode result(Cli r) throws Exception {
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.has("summary")).as("no legacy summary").isFalse();
        assertThat(r.out()).doesNotContain("\"narrative\"");
        return doc.get("result");
    }

    static void errorDocument(Cli r, String command) throws Exception {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("command").asText()).isEqualTo(command);
        assertThat(doc.at("/error/exitCode").asInt()).isEqualTo(2);
        assertThat(doc.at("/error/kind").asText()).isEqualTo("usage");
    }

    @Test
    void audit() throws Exception {
        Cli r = Cli.run("audit", ACME.toString(), "-q", "-f", "json");
        JsonNode result = result(r);
        assertThat(result.at("/scorecard/passed").asBoolean()).isFalse();
        assertThat(result.at("/scorecard/checksTotal").asInt()).isGreaterThan(result.at("/scorecard/checksPassed").asInt());
        assertThat(result.at("/workflows/inventory").size()).isEqualTo(result.at("/workflows/workflows").asInt() + 1);
        assertThat(result.at("/compose/files").asInt()).isGreaterThanOrEqualTo(4);
        assertThat(result.at("/scan/stats/files").asInt()).isPositive();
        errorDocument(Cli.run("audit", tmp.resolve("missing").toString(), "-f", "json"), "audit");
    }

    @Test
    void secretsCheck() throws Exception {
        JsonNode result = result(Cli.run("secrets", "check", ACME.toString(), "-q", "-f", "json"));
        assertThat(result.get("files").asInt()).isPositive();
        assertThat(result.at("/classified/secrets").asLong()).isEqualTo(
                sum(result.at("/classified/secretBecause")));
        errorDocument(Cli.run("secrets", "check", tmp.resolve("missing").toString(), "-f", "json"), "secrets check");
    }

    @Test
    void workflowsAnalyze() throws Exception {
        JsonNode result = result(Cli.run("workflows", "analyze", ACME.toString(), "-f", "json"));
        assertThat(sum(result.get("byPurpose"))).isEqualTo(result.get("workflows").asLong());
        assertThat(result.at("/inventory/0/purpose").asText()).isNotBlank();
        errorDocument(Cli.run("workflows", "analyze", tmp.resolve("missing").toString(), "-f", "json"), "workflows analyze");
    }

    @Test
    void workflowsPlanSaysWhichWorkflowGoesWhereInFields() throws Exception {
        JsonNode plan = result(Cli.run("workflows", "plan", ACME.toString(), "-f", "json"));
        assertThat(plan.get("noOp").asBoolean()).isFalse();
        assertThat(plan.has("applied")).isFalse();
        // every archived workflow is replaced by a core one, folded into one, or unreadable
        List<String> accounted = new ArrayList<>();
        plan.get("targets").forEach(from -> from.forEach(f -> accounted.add(f.asText())));
        plan.get("folded").forEach(from -> from.forEach(f -> accounted.add(f.asText())));
        plan.get("unreadable").forEach(f -> accounted.add(f.asText()));
        plan.get("archived").forEach(a -> assertThat(accounted).contains(a.asText()));
        assertThat(plan.get("keptReasons").size()).isLessThanOrEqualTo(plan.get("kept").size()
                + plan.get("archived").size());
        assertThat(plan.at("/before/workflows").asInt()).isGreaterThan(plan.at("/after/workflows").asInt());
        assertThat(plan.at("/images/registry").asText()).isNotBlank();
        errorDocument(Cli.run("workflows", "plan", tmp.resolve("missing").toString(), "-f", "json"), "workflows plan");
    }

    @Test
    void workflowsApplyListsWhatItWroteAndMoved() throws Exception {
        Path repo = tmp.resolve("repo");
        TestFiles.copyTree(ACME.resolve(".github"), repo.resolve(".github"));
        JsonNode dry = result(Cli.run("workflows", "apply", repo.toString(), "--dry-run", "-f", "json"));
        assertThat(dry.at("/applied/dryRun").asBoolean()).isTrue();
        assertThat(dry.at("/applied/diff").asText()).contains("+++ b/.github/workflows/deploy-production.yml");
        assertThat(Files.exists(repo.resolve(".github/workflows/deploy-production.yml"))).isFalse();

        // not a git work tree: refused without --force, as an error document
        errorDocument(Cli.run("workflows", "apply", repo.toString(), "-f", "json"), "workflows apply");

        JsonNode applied = result(Cli.run("workflows", "apply", repo.toString(), "--force", "-f", "json"));
        assertThat(applied.at("/applied/dryRun").asBoolean()).isFalse();
        assertThat(applied.at("/applied").has("diff")).isFalse();
        List<String> written = new ArrayList<>();
        applied.at("/applied/written").forEach(w -> written.add(w.asText()));
        assertThat(written).contains(".github/workflows/deploy-production.yml");
        written.forEach(w -> assertThat(repo.resolve(w)).exists());
        for (JsonNode m : applied.at("/applied/moved")) {
            assertThat(repo.resolve(m.get("from").asText())).doesNotExist();
            assertThat(repo.resolve(m.get("to").asText())).exists();
        }
        assertThat(applied.at("/applied/moved").size()).isEqualTo(applied.get("archived").size());
    }

    @Test
    void composeAnalyze() throws Exception {
        JsonNode result = result(Cli.run("compose", "analyze", ACME.toString(), "-f", "json"));
        assertThat(result.get("inventory").size()).isEqualTo(result.get("files").asInt());
        assertThat(result.at("/inventory/0/file").asText()).endsWith(".yml");
        errorDocument(Cli.run("compose", "analyze", tmp.resolve("missing.yml").toString(), "-f", "json"),
                "compose analyze");
    }

    @Test
    void composeUnifyDecisionsAreFields() throws Exception {
        Path base = Files.writeString(tmp.resolve("docker-compose.yml"), """
                services:
                  api:
                    image: registry.example.com/acme/api:1.4.0
                    restart: always
                    mem_limit: 512m
                    scale: 2
                    pull_policy: never
                    healthcheck: {test: ["CMD", "true"], interval: 10s, timeout: 3s, retries: 3}
                """);
        Path prod = Files.writeString(tmp.resolve("docker-compose.prod.yml"), """
                services:
                  api:
                    image: registry.example.com/acme/api:1.5.0
                """);
        JsonNode result = result(Cli.run("compose", "unify", base.toString(), prod.toString(), "-f", "json"));
        assertThat(result.get("dryRun").asBoolean()).isFalse();
        assertThat(Path.of(result.get("output").asText())).exists();
        assertThat(decision(result, "api", "resolved", "image").get("source").asText()).endsWith("docker-compose.prod.yml");
        assertThat(decision(result, "api", "renamed", "deploy.replicas").get("from").get(0).asText()).isEqualTo("scale");
        assertThat(decision(result, "api", "removed", "pull_policy")).isNotNull();
        assertThat(decision(result, "api", "kept", "restart")).isNotNull();
        JsonNode v2 = decision(result, "api", "removed", "mem_limit");
        assertThat(v2.get("keys")).extracting(JsonNode::asText).contains("mem_limit", "scale");
        assertThat(result.get("parameters").findValuesAsText("name")).contains("API_IMAGE_TAG");

        Cli missing = Cli.run("compose", "unify", tmp.resolve("nope.yml").toString(), "-f", "json");
        errorDocument(missing, "compose unify");
    }

    /** Every workflow fixture set's plan, and every compose fixture group's analysis and unification, meet their schemas. */
    @Test
    void everyFixtureMeetsTheContract() throws Exception {
        try (var sets = Files.list(Path.of("src/test/resources/fixtures/workflow"))) {
            for (Path set : sets.filter(d -> Files.isDirectory(d.resolve(".github"))).sorted().toList()) {
                JsonNode plan = result(Cli.run("workflows", "plan", set.toString(), "-f", "json"));
                assertThat(plan.has("noOp")).as(set.toString()).isTrue();
            }
        }
        Path compose = Path.of("src/test/resources/fixtures/compose");
        int unified = 0;
        result(Cli.run("compose", "analyze", compose.toString(), "-f", "json"));
        try (var groups = Files.list(compose)) {
            for (Path group : groups.filter(d -> Files.exists(d.resolve("group.properties"))).sorted().toList()) {
                java.util.Properties props = new java.util.Properties();
                try (var in = Files.newBufferedReader(group.resolve("group.properties"))) {
                    props.load(in);
                }
                String files = props.getProperty("files");
                if (files == null) {
                    continue;
                }
                List<String> args = new ArrayList<>(List.of("compose", "unify", "-f", "json", "-o",
                        tmp.resolve(group.getFileName() + ".yml").toString()));
                for (String f : files.strip().split("\\s+")) {
                    args.add(group.resolve(f).toString());
                }
                Cli r = Cli.run(args.toArray(String[]::new));
                assertThat(r.exit()).as(group + ": " + r.err()).isIn(0, 2);
                unified += r.exit() == 0 ? 1 : 0;
                // -o names the unified file here, so Cli.run does not know the report is on stdout
                Contracts.assertValid(r.out());
            }
        }
        assertThat(unified).as("groups unified").isGreaterThanOrEqualTo(6);
    }

    /** A key the loader ignores (Coolify's exclude_from_hc) is a warning of analyze and unify, not silently lost. */
    @Test
    void ignoredKeysAreWarningsOfAnalyzeAndUnify() throws Exception {
        Path f = Files.writeString(tmp.resolve("docker-compose.yml"), """
                services:
                  migrate:
                    image: acme/app:1.0
                    exclude_from_hc: true
                    healthcheck: {test: ["CMD", "true"], interval: 10s, timeout: 3s, retries: 3}
                """);
        for (String command : List.of("analyze", "unify")) {
            Cli r = Cli.run("compose", command, f.toString(), "-f", "json");
            JsonNode warnings = JSON.readTree(r.out()).get("warnings");
            assertThat(warnings).as(command).anySatisfy(w -> assertThat(w.asText())
                    .contains("docker-compose.yml:4 services.migrate.exclude_from_hc").contains("ignored"));
            Cli text = command.equals("analyze") ? Cli.run("compose", command, f.toString(), "--no-color")
                    : Cli.run("compose", command, f.toString(), "-o", tmp.resolve("text.yml").toString());
            assertThat(text.out()).as(command + ": " + text.err()).contains("warning: ").contains("exclude_from_hc");
        }
    }

    private static JsonNode decision(JsonNode result, String service, String action, String key) {
        for (JsonNode d : result.get("decisions")) {
            if (service.equals(d.path("service").asText()) && d.get("action").asText().equals(action)) {
                for (JsonNode k : d.get("keys")) {
                    if (k.asText().equals(key)) {
                        return d;
                    }
                }
            }
        }
        throw new AssertionError("no " + action + " decision on " + service + "." + key + " in " + result.get("decisions"));
    }

    private static long sum(JsonNode counts) {
        long n = 0;
        for (JsonNode c : counts) {
            n += c.asLong();
        }
        return n;
    }

    @Test
    void aFieldMissingFromTheSchemaFailsTheContract() {
        // additionalProperties: false on the result: a record component added without the schema is caught
        String doc = """
                {"tool":"zerofail","version":"1","command":"compose analyze","root":".","findings":[],"warnings":[],
                 "result":{"files":0,"services":0,"conflicts":0,"inventory":[],"narrative":["x"]}}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Contracts.assertValid(doc))
                .isInstanceOf(AssertionError.class).hasMessageContaining("narrative");
    }
}
