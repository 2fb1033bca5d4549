package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The class-data archive's training covers the hook's whole path: a staged change with findings, on HEAD. */
class TrainingTest {
    @Test
    void theThrowawayRepositoryHasAStagedChangeWithFindingsAndGoesAway() {
        Path repo = Training.stagedRepository();
        assertThat(repo).as("git is on PATH in the test environment").isNotNull();
        try {
            // the hook's line (QuickScan), and a diff against HEAD's blob: the added-lines path is trained too
            Cli hook = Cli.run("scan", "--staged", "--quiet", "--no-color", repo.toString());
            assertThat(hook.exit()).as(hook.err()).isEqualTo(1);
            assertThat(hook.out()).contains("app.py:4", "settings.env:2").doesNotContain("app.py:1 ");
            Cli since = Cli.run("scan", "--since", "HEAD", "-q", repo.toString());
            assertThat(since.exit()).as(since.err()).isEqualTo(1);
        } finally {
            Training.delete(repo);
        }
        assertThat(Files.exists(repo)).isFalse();
    }
}
