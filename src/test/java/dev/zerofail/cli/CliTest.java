package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    @BeforeEach
    void repo() throws Exception {
        Files.writeString(dir.resolve(".env"), "DEBUG=false\nOPENAI_API_KEY=your_openai_key_here\n");
        Files.writeString(dir.resolve(".env.example"), "OPENAI_API_KEY=your_openai_key_here\n");
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Cli r = Cli.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("audit", "scan", "generate-completion", "Exit codes:", "70", "rollback failed");
        assertThat(Cli.run("help", "scan").out()).contains("--fail-on", "--baseline", "--history", "Exit codes:");
    }

    @Test
    void versionAndCompletion() {
        assertThat(Cli.run("--version").out()).startsWith("zerofail ");
        assertThat(Cli.run("generate-completion").out()).contains("complete -F").contains("scan");
    }

    @Test
    void exitCodeFollowsFailOn() {
        assertThat(Cli.run("scan", dir.toString(), "-q").exit()).isEqualTo(1);
        assertThat(Cli.run("scan", dir.toString(), "-q", "--fail-on", "critical").exit()).isZero();
        // the template's placeholder is low severity: alone it does not fail the default threshold
        assertThat(Cli.run("scan", dir.resolve(".env.example").toString(), "-q").exit()).isZero();
        assertThat(Cli.run("scan", dir.resolve(".env.example").toString(), "-q", "--fail-on", "low").exit()).isEqualTo(1);
    }

    @Test
    void jsonContract() throws Exception {
        Cli r = Cli.run("scan", dir.toString(), "-q", "--format", "json");
        JsonNode root = JSON.readTree(r.out());
        JsonNode f = root.get("findings").get(0);
        assertThat(f.get("rule").asText()).isEqualTo("placeholder-your-value");
        assertThat(f.get("kind").asText()).isEqualTo("placeholder");
        assertThat(f.get("severity").asText()).isEqualTo("high");
        assertThat(f.get("path").asText()).isEqualTo(".env");
        assertThat(f.get("line").asInt()).isEqualTo(2);
        assertThat(f.get("column").asInt()).isEqualTo(16);
        assertThat(f.get("key").asText()).isEqualTo("OPENAI_API_KEY");
        assertThat(f.get("masked").asText()).isEqualTo("your…(20 chars)");
        assertThat(f.get("fingerprint").asText()).matches("[0-9a-f]{16}");
        assertThat(f.has("commit")).isFalse();
        assertThat(root.get("result").get("findings").asInt()).isEqualTo(2);
        assertThat(root.get("result").get("stats").get("files").asInt()).isEqualTo(2);
    }

    @Test
    void outputFileIsWrittenAndStdoutStaysEmpty() throws Exception {
        Path out = dir.resolve("reports/scan.sarif");
        Cli r = Cli.run("scan", dir.toString(), "-q", "-f", "sarif", "-o", out.toString(), "--exclude", "reports/");
        assertThat(r.out()).isEmpty();
        JsonNode sarif = JSON.readTree(out.toFile());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = sarif.get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("rules")).hasSize(1);
        JsonNode result = run.get("results").get(0);
        assertThat(result.get("ruleId").asText()).isEqualTo("placeholder-your-value");
        assertThat(result.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt()).isEqualTo(2);
        assertThat(result.get("partialFingerprints").get("zerofail/v1").asText()).matches("[0-9a-f]{16}");
        try (Stream<Path> left = Files.list(out.getParent())) {
            assertThat(left).containsExactly(out);
        }
    }

    @Test
    void baselineReportsOnlyNewFindings() throws Exception {
        Path base = dir.resolve("baseline.json");
        assertThat(Cli.run("scan", dir.toString(), "-q", "-f", "json", "-o", base.toString()).exit()).isEqualTo(1);
        Files.writeString(dir.resolve(".env"), "# moved\nDEBUG=false\nOPENAI_API_KEY=your_openai_key_here\n");
        assertThat(Cli.run("scan", dir.toString(), "-q", "--baseline", base.toString()).exit()).isZero();
        Files.writeString(dir.resolve("new.env"), "STRIPE_SECRET_KEY=changeme\n");
        Cli r = Cli.run("scan", dir.toString(), "-q", "--baseline", base.toString(), "-f", "json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(JSON.readTree(r.out()).get("findings")).hasSize(1);
    }

    @Test
    void missingPathIsExit2WithAClearMessage() throws Exception {
        Cli r = Cli.run("scan", dir.resolve("does-not-exist").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("does-not-exist").contains("no such file or directory");
        Cli json = Cli.run("scan", dir.resolve("does-not-exist").toString(), "--format", "json");
        assertThat(JSON.readTree(json.out()).get("error").get("exitCode").asInt()).isEqualTo(2);
    }

    @Test
    void unknownOptionAndBadSeverityAreUsageErrors() {
        assertThat(Cli.run("scan", "--frobnicate").exit()).isEqualTo(2);
        Cli r = Cli.run("scan", dir.toString(), "--fail-on", "urgent");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--fail-on").contains("urgent").contains("critical");
        assertThat(Cli.run("scan", dir.toString(), "-f", "xml").err()).contains("unknown format 'xml'");
    }

    @Test
    void configErrorsNameFileLineAndKeyAndWriteNothing() throws Exception {
        Files.writeString(dir.resolve("zerofail.yaml"), "scan:\n  failOn: high\n  disable:\n    - no-such-rule\n");
        Path out = dir.resolve("out.json");
        Cli r = Cli.run("scan", dir.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("zerofail.yaml:4").contains("scan.disable[0]").contains("no-such-rule");
        assertThat(out).doesNotExist();

        Files.writeString(dir.resolve("zerofail.yaml"), "scan:\n  failon: high\n");
        assertThat(Cli.run("scan", dir.toString()).err()).contains("zerofail.yaml:2").contains("unknown key 'failon'");

        Files.writeString(dir.resolve("zerofail.yaml"), "scan:\n  rules:\n    - id: acme\n      keywords: [acme_]\n      regex: 'acme_[a-z'\n");
        assertThat(Cli.run("scan", dir.toString()).err()).contains("zerofail.yaml:5").contains("invalid regex");

        Files.writeString(dir.resolve("zerofail.yaml"), "scan: [unclosed\n");
        assertThat(Cli.run("scan", dir.toString()).err()).contains("zerofail.yaml").contains("invalid YAML");
    }

    @Test
    void userRulesAndDisabledBuiltinsFromConfig() throws Exception {
        Files.writeString(dir.resolve("zerofail.yaml"), String.join("\n",
                "scan:",
                "  disable: [placeholder-your-value]",
                "  rules:",
                "    - id: acme-internal-token",
                "      kind: secret",
                "      description: ACME internal token",
                "      keywords: [acme_tok_]",
                "      regex: '(acme_tok_[a-z0-9]{24})'",
                "      group: 1", ""));
        Files.writeString(dir.resolve("svc.yaml"), "token: acme_tok_q8w7e6r5t4y3u2i1o9p8a7s6\n");
        JsonNode root = JSON.readTree(Cli.run("scan", dir.toString(), "-q", "-f", "json").out());
        assertThat(root.get("findings").findValuesAsText("rule")).containsExactly("acme-internal-token");
    }

    @Test
    void userRuleExamplesAreCheckedWithoutEchoingThem() throws Exception {
        Files.writeString(dir.resolve("zerofail.yaml"), String.join("\n",
                "scan:",
                "  rules:",
                "    - id: acme-internal-token",
                "      keywords: [acme_tok_]",
                "      regex: '(acme_tok_[a-z0-9]{24})'",
                "      examples:",
                "        match: ['t=acme_tok_q8w7e6r5t4y3u2i1o9p8a7s6', 't=acme_tok_TOOSHORT']", ""));
        Cli r = Cli.run("scan", dir.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("zerofail.yaml:7").contains("match example #2").doesNotContain("TOOSHORT");
    }

    @Test
    void markdownIsAJobSummary() {
        Cli r = Cli.run("scan", dir.toString(), "-q", "-f", "markdown");
        assertThat(r.out()).startsWith("## zerofail scan").contains("| severity | rule | location |")
                .contains("`.env:2:16`");
    }

    @Test
    void auditPrintsAScorecardAndGatesWithCi() throws Exception {
        Cli r = Cli.run("audit", dir.toString(), "-q", "--no-color");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("scorecard", "FAIL", "No placeholder secrets in files that are deployed");
        assertThat(Cli.run("audit", dir.toString(), "-q", "--ci").exit()).isEqualTo(1);
        Files.writeString(dir.resolve(".env"), "DEBUG=false\nOPENAI_API_KEY=${OPENAI_API_KEY}\n");
        // the secrets section wants every secret the repository names in a manifest
        assertThat(Cli.run("audit", dir.toString(), "-q", "--ci").exit()).isEqualTo(1);
        Files.writeString(dir.resolve("zerofail.yaml"), "secrets:\n  manifest:\n    - {name: OPENAI_API_KEY, required: false}\n");
        // and documentation and monitoring
        assertThat(Cli.run("audit", dir.toString(), "-q", "--ci").exit()).isEqualTo(1);
        Files.writeString(dir.resolve("README.md"), "# app\n");
        Files.createDirectories(dir.resolve("docs"));
        Files.writeString(dir.resolve("docs/runbook.md"), "# When a deploy fails\n");
        Files.createDirectories(dir.resolve("monitoring"));
        assertThat(Cli.run("dashboards", "export", "--prometheus-rules", dir.resolve("monitoring/zerofail-rules.yml").toString(),
                "-q").exit()).isZero();
        Cli pass = Cli.run("audit", dir.toString(), "-q", "--ci", "-f", "json");
        assertThat(pass.exit()).isZero();
        assertThat(JSON.readTree(pass.out()).get("result").get("scorecard").get("passed").asBoolean()).isTrue();
    }
}
