package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WorkflowsCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void analyzesTheExampleRepository() throws Exception {
        Cli r = Cli.run("workflows", "analyze", "examples/acme-platform", "-f", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode root = JSON.readTree(r.out());
        JsonNode summary = root.get("result");
        assertThat(summary.get("workflows").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(summary.get("archived").asInt()).isEqualTo(1);
        assertThat(summary.get("inventory").size()).isEqualTo(summary.get("workflows").asInt() + 1);
        assertThat(summary.get("byRule").fieldNames()).toIterable().contains("overlap-competing-deploys",
                "overlap-duplicate-steps", "mask-or-true", "mask-continue-on-error", "manual-ssh", "unpinned-action",
                "no-concurrency", "hardcoded-host");
        for (JsonNode f : root.get("findings")) {
            assertThat(f.get("path").asText()).startsWith(".github/");
            assertThat(f.get("line").asInt()).isPositive();
            assertThat(f.get("fix").asText()).isNotBlank();
        }
    }

    @Test
    void failOnAndMissingDirectory() {
        assertThat(Cli.run("workflows", "analyze", "examples/acme-platform", "-q", "--fail-on", "critical").exit())
                .isZero();
        Cli missing = Cli.run("workflows", "analyze", "no/such/repo");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no/such/repo");
        assertThat(Cli.run("workflows").out()).contains("analyze");
    }

    @Test
    void auditTextListsTheWorstFindingsOnly() {
        Cli r = Cli.run("audit", "examples/acme-platform", "-q", "--no-color");
        long listed = r.out().lines().filter(l -> l.matches("^(CRITICAL|HIGH|MEDIUM|LOW|INFO) .*")).count();
        assertThat(listed).isEqualTo(20);
        assertThat(r.out()).contains("more; all of them with --format json");
        assertThat(r.out().lines().filter(l -> l.matches("^(CRITICAL|HIGH|MEDIUM|LOW|INFO) .*")).findFirst())
                .hasValueSatisfying(l -> assertThat(l).startsWith("CRITICAL"));
    }

    @Test
    void auditAddsAWorkflowSection() throws Exception {
        Cli r = Cli.run("audit", "examples/acme-platform", "-q", "-f", "json");
        JsonNode result = JSON.readTree(r.out()).get("result");
        JsonNode sections = result.get("scorecard").get("sections");
        // each section's figures, typed as its own command reports them
        assertThat(result.get("workflows").get("workflows").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(result.get("scan").get("stats").get("files").asInt()).isPositive();
        assertThat(result.get("secrets").has("classified")).isTrue();
        assertThat(sections.findValuesAsText("name")).contains("CI workflows (workflows)");
        assertThat(sections.get(1).get("checks").findValuesAsText("id")).contains("workflows.count",
                "workflows.no-competing-deploys", "workflows.no-masked-failures", "workflows.no-manual-ops");
    }
}
