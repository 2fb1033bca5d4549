package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryScannerTest {
    @TempDir
    Path dir;

    private RevCommit commit(Git git, String file, String text, String message) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        git.add().addFilepattern(file).call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
                .setSign(false).call();
    }

    private List<Finding> history(String since) {
        return new Scanner(new Detector(RuleSet.builtin()))
                .scan(new ScanOptions(dir, List.of(), ScanOptions.DEFAULT_MAX_FILE_SIZE, 1, true, since),
                        Scanner.Progress.NONE).findings();
    }

    @Test
    void namesTheCommitThatIntroducedEachFindingEvenAfterItWasRemoved() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            commit(git, "app/.env", "DEBUG=true\n", "clean start");
            RevCommit leak = commit(git, "app/.env", "DEBUG=true\nAPI_KEY=your_api_key_here\n", "add key");
            commit(git, "app/.env", "# moved down\nDEBUG=true\nAPI_KEY=your_api_key_here\n", "edit above");
            RevCommit second = commit(git, "ops/run.sh", "export TOKEN=changeme\n", "ops script");
            commit(git, "ops/run.sh", "export TOKEN=\"$TOKEN\"\n", "fix ops script");

            List<Finding> found = history(null);
            assertThat(found).extracting(f -> f.location().path() + "@" + f.commit())
                    .containsExactlyInAnyOrder("app/.env@" + leak.name(), "ops/run.sh@" + second.name());
            assertThat(found).filteredOn(f -> f.location().path().equals("app/.env"))
                    .singleElement().satisfies(f -> assertThat(f.location().line()).isEqualTo(2));

            assertThat(history(leak.name())).extracting(Finding::commit).containsExactly(second.name());
        }
    }
}
