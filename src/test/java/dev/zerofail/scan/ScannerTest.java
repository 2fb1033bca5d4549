package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Finding;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScannerTest {
    @TempDir
    Path dir;

    private Scanner.Result scan(ScanOptions options) {
        return new Scanner(new Detector(RuleSet.builtin())).scan(options, Scanner.Progress.NONE);
    }

    private Scanner.Result scan() {
        return scan(ScanOptions.of(dir));
    }

    private void write(String rel, String text) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void skipsDependencyAndBuildFoldersAndBinaries() throws Exception {
        write("app/.env", "API_KEY=changeme\n");
        write("node_modules/lib/.env", "API_KEY=changeme\n");
        write("target/classes/.env", "API_KEY=changeme\n");
        write(".git/config", "password=changeme\n");
        Files.write(dir.resolve("app/blob.bin"), new byte[] {'A', 'P', 'I', '_', 'K', 'E', 'Y', '=', 0, 'x'});
        write("logo.png", "API_KEY=changeme\n");
        Scanner.Result r = scan();
        assertThat(r.findings()).extracting(f -> f.location().path()).containsExactly("app/.env");
        assertThat(r.stats().skippedBinary()).isEqualTo(2);
        assertThat(r.stats().files()).isEqualTo(1);
    }

    @Test
    void filesUnderExampleFoldersAreTemplatesButCodeThereIsStillCode() throws Exception {
        write(".examples/mariadb/db.env", "MYSQL_PASSWORD=\n");
        write("examples/compose.yaml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: changeme\n");
        write("deploy/compose.yaml", "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: changeme\n");
        write("my-examples/.env", "API_KEY=changeme\n");
        Scanner.Result r = scan();
        assertThat(r.findings()).extracting(f -> f.location().path() + " " + f.severity())
                .contains("deploy/compose.yaml HIGH", "my-examples/.env HIGH")
                .allMatch(s -> !s.startsWith("examples/") && !s.startsWith(".examples/") || s.endsWith("LOW")
                        || s.endsWith("INFO"));
        assertThat(r.findings()).extracting(f -> f.location().path()).contains("examples/compose.yaml");
    }

    @Test
    void largeFilesAreSkippedWithAWarning() throws Exception {
        write("big.env", "API_KEY=changeme\n" + "#".repeat(2000) + "\n");
        write("small.env", "API_KEY=changeme\n");
        Scanner.Result r = scan(new ScanOptions(dir, List.of(), 1000, 2, false, null));
        assertThat(r.findings()).extracting(f -> f.location().path()).containsExactly("small.env");
        assertThat(r.stats().skippedLarge()).isEqualTo(1);
        assertThat(r.warnings()).anyMatch(w -> w.contains("big.env") && w.contains("size limit"));
    }

    @Test
    void symlinkLoopsAreReportedNotFollowedForever() throws Exception {
        write("a/.env", "API_KEY=changeme\n");
        Files.createSymbolicLink(dir.resolve("a/loop"), dir.resolve("a"));
        Scanner.Result r = scan();
        assertThat(r.findings()).hasSize(1);
        assertThat(r.stats().symlinkLoops()).isEqualTo(1);
        assertThat(r.warnings()).anyMatch(w -> w.contains("loop"));
    }

    @Test
    void ignoreFileExcludesPathsAndFingerprints() throws Exception {
        write("keep/.env", "API_KEY=changeme\nTOKEN=your_token_here\n");
        write("legacy/.env", "API_KEY=changeme\n");
        Finding token = scan().findings().stream().filter(f -> "TOKEN".equals(f.key())).findFirst().orElseThrow();
        write(".zerofailignore", "# accepted\nlegacy/\n" + token.fingerprint() + "\n");
        assertThat(scan().findings()).extracting(f -> f.location().path() + ":" + f.key())
                .containsExactly("keep/.env:API_KEY");
    }

    @Test
    void excludeOptionUsesGitignoreSyntax() throws Exception {
        write("a/x.env", "API_KEY=changeme\n");
        write("b/x.env", "API_KEY=changeme\n");
        Scanner.Result r = scan(new ScanOptions(dir, List.of("b/"), ScanOptions.DEFAULT_MAX_FILE_SIZE, 2, false, null));
        assertThat(r.findings()).extracting(f -> f.location().path()).containsExactly("a/x.env");
    }

    @Test
    void missingPathIsAUsageError() {
        assertThatThrownBy(() -> scan(ScanOptions.of(dir.resolve("nope"))))
                .isInstanceOfSatisfying(ZerofailException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.describe()).contains("nope").contains("no such file");
                });
    }

    @Test
    void aSingleFileCanBeScanned() throws Exception {
        write(".env", "API_KEY=changeme\n");
        assertThat(scan(ScanOptions.of(dir.resolve(".env"))).findings()).extracting(f -> f.location().path())
                .containsExactly(".env");
    }

    @Test
    void resultsAreOrderedAndIndependentOfThreadCount() throws Exception {
        for (int i = 0; i < 40; i++) {
            write("d" + (i % 7) + "/f" + i + ".env", "# file " + i + "\nAPI_KEY=changeme\nTOKEN=xxxx\n");
        }
        List<Finding> one = scan(new ScanOptions(dir, List.of(), ScanOptions.DEFAULT_MAX_FILE_SIZE, 1, false, null)).findings();
        List<Finding> four = scan(new ScanOptions(dir, List.of(), ScanOptions.DEFAULT_MAX_FILE_SIZE, 4, false, null)).findings();
        assertThat(one).hasSize(80).isEqualTo(four);
    }
}
