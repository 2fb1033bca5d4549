package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every workflow that apply writes passes actionlint (run offline through scripts/actionlint). */
class WorkflowsActionlintIT {
    @TempDir
    Path repo;

    @Test
    void generatedWorkflowsPassActionlint() throws Exception {
        dev.zerofail.TestFiles.copyTree(Path.of("examples/acme-platform"), repo);
        assertThat(ScanJarIT.java("workflows", "apply", repo.toString(), "--force", "-q").exit()).isZero();
        String actionlint = Services.require("ZEROFAIL_IT_ACTIONLINT", "actionlint (scripts/actionlint)");
        List<String> cmd = new ArrayList<>(List.of(actionlint));
        try (Stream<Path> s = Files.list(repo.resolve(".github/workflows"))) {
            s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(p -> cmd.add(p.toString()));
        }
        // actionlint and the five core workflows (the quality gate's secret-scan job included)
        assertThat(cmd).hasSize(6);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("actionlint could not run: %s", out).isNotEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
