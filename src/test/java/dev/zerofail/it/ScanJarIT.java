package dev.zerofail.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shaded jar, as users run it: a separate JVM, real exit codes, real stdout and stderr. */
class ScanJarIT {
    record Run(int exit, String out, String err) {
    }

    static Run java(String... args) throws Exception {
        String jar = System.getProperty("zerofail.jar");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("zerofail-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String e = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), out, e);
    }

    @Test
    void auditsTheBundledExampleAsTheQuickStartDoes() throws Exception {
        Run r = java("audit", "examples/acme-platform", "--ci", "-f", "json");
        assertThat(r.exit()).isEqualTo(1);
        JsonNode root = dev.zerofail.Contracts.assertValid(r.out());
        assertThat(root.get("result").get("scorecard").get("passed").asBoolean()).isFalse();
        assertThat(root.get("findings").size()).isGreaterThanOrEqualTo(50);
        assertThat(r.err()).doesNotContain("SLF4J").doesNotContain("Exception");
    }

    @Test
    void versionComesFromTheManifest() throws Exception {
        Run r = java("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("(?s)zerofail \\d+\\.\\d+\\.\\d+.*").doesNotContain("0.0.0-dev");
    }

    @Test
    void usageErrorsExit2() throws Exception {
        Run r = java("scan", "no/such/dir");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no/such/dir").contains("no such file or directory");
    }
}
