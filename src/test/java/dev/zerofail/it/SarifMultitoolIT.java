package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub code scanning accepts the SARIF of every command that writes one: Microsoft's SARIF multitool
 * ({@code validate --rule-kind "Gh;Sarif"}, through scripts/sarif-multitool) reports no error.
 */
class SarifMultitoolIT {
    @TempDir
    Path tmp;

    @Test
    void everyCommandsSarifValidatesWithoutErrors() throws Exception {
        String tool = Services.require("ZEROFAIL_IT_SARIF_MULTITOOL", "the SARIF multitool (scripts/sarif-multitool)");
        Path repo = tmp.resolve("repo");
        dev.zerofail.TestFiles.copyTree(Path.of("examples/acme-platform"), repo);
        // one unreadable file of each kind, so the parse-error rules are in the SARIF too
        Files.writeString(repo.resolve(".github/workflows/broken.yml"), "on: [push\njobs: {\n");
        Files.writeString(repo.resolve("docker-compose.broken.yml"), "services:\n  a: [\n");

        Map<String, List<String>> commands = new TreeMap<>(Map.of(
                "scan", List.of("scan", repo.toString()),
                "audit", List.of("audit", repo.toString()),
                "workflows-analyze", List.of("workflows", "analyze", repo.toString()),
                "compose-analyze", List.of("compose", "analyze", repo.toString()),
                "secrets-check", List.of("secrets", "check", repo.toString())));
        List<String> files = new ArrayList<>();
        int rules = 0;
        for (Map.Entry<String, List<String>> c : commands.entrySet()) {
            Path out = tmp.resolve(c.getKey() + ".sarif");
            List<String> args = new ArrayList<>(c.getValue());
            args.addAll(List.of("-q", "-f", "sarif", "-o", out.toString()));
            ScanJarIT.Run r = ScanJarIT.java(args.toArray(String[]::new));
            assertThat(r.exit()).as(c.getKey() + ": " + r.err()).isIn(0, 1);
            JsonNode sarif = new ObjectMapper().readTree(out.toFile());
            rules += sarif.path("runs").path(0).path("tool").path("driver").path("rules").size();
            files.add(out.toString());
        }
        assertThat(rules).as("rules across all SARIF files").isGreaterThan(10);

        Path result = tmp.resolve("validation.sarif");
        List<String> cmd = new ArrayList<>(List.of(tool, "validate", "--rule-kind", "Gh;Sarif", "-o", result.toString()));
        cmd.addAll(files);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(result)).as("the multitool wrote no result: %s", log).isTrue();

        List<String> errors = new ArrayList<>();
        for (JsonNode run : new ObjectMapper().readTree(result.toFile()).path("runs")) {
            for (JsonNode res : run.path("results")) {
                if ("error".equals(res.path("level").asText("warning"))) {
                    errors.add(res.path("ruleId").asText() + " " + res.path("message").path("text").asText()
                            + " at " + res.path("locations").path(0).path("physicalLocation").path("artifactLocation")
                                    .path("uri").asText());
                }
            }
            // the tool's own failures (a file it could not read) are notifications, not results
            for (JsonNode inv : run.path("invocations")) {
                for (JsonNode n : inv.path("toolExecutionNotifications")) {
                    if ("error".equals(n.path("level").asText())) {
                        errors.add("tool: " + n.path("message").path("text").asText());
                    }
                }
            }
        }
        assertThat(errors).as("multitool output: %s", log).isEmpty();
    }
}
