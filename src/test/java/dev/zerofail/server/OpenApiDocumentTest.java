package dev.zerofail.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * openapi.json is generated from docs/schemas by docs/tools/openapi.py; a schema or route edited
 * without regenerating it fails here rather than drifting silently.
 */
class OpenApiDocumentTest {
    @Test
    void theCommittedDocumentIsWhatTheGeneratorWrites() throws Exception {
        Path script = Path.of("docs/tools/openapi.py").toAbsolutePath();
        assertThat(script).exists();
        assumeTrue(python3(), "python3 is not installed; docs/tools/openapi.py --check not run");
        Process p = new ProcessBuilder("python3", script.toString(), "--check").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docs/tools/openapi.py --check (run it without --check to regenerate):%n%s", out).isZero();
    }

    private static boolean python3() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "python3"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theCheckFailsOnADocumentThatDrifted() throws IOException, InterruptedException {
        assumeTrue(python3(), "python3 is not installed");
        // the check must be able to fail: run it against a copy of the tree whose document lost a path
        Path tmp = Files.createTempDirectory("openapi-check");
        try {
            Path tools = Files.createDirectories(tmp.resolve("docs/tools"));
            Files.copy(Path.of("docs/tools/openapi.py"), tools.resolve("openapi.py"));
            copyTree(Path.of("docs/schemas"), tmp.resolve("docs/schemas"));
            Path doc = tmp.resolve("src/main/resources/dev/zerofail/server/openapi.json");
            Files.createDirectories(doc.getParent());
            String json = Files.readString(Path.of("src/main/resources/dev/zerofail/server/openapi.json"));
            Files.writeString(doc, json.replace("\"ageMs\"", "\"snapshotAge\""));
            Process p = new ProcessBuilder("python3", tools.resolve("openapi.py").toString(), "--check").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isNotZero();
        } finally {
            try (var walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path f : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
