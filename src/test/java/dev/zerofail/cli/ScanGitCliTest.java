package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan --staged and scan --since REF through the CLI: exit codes, messages and the JSON contract. */
class ScanGitCliTest {
    @TempDir
    Path repo;

    @Test
    void stagedAndSinceReportTheirFindingsAndRefuseBadInputWithExit2() throws Exception {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("a.py"), "print(1)\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
                    .setSign(false).call();
            Files.writeString(repo.resolve("b.env"), "OPENAI_API_KEY=your_api_key_here\n");
            git.add().addFilepattern("b.env").call();

            Cli staged = Cli.run("scan", "--staged", "-f", "json", repo.toString());  // Cli validates the schema
            assertThat(staged.exit()).as(staged.err()).isEqualTo(1);
            assertThat(staged.out()).contains("\"path\" : \"b.env\"");
            Cli since = Cli.run("scan", "--since", "main", "--no-color", repo.toString());
            assertThat(since.exit()).isEqualTo(1);
            assertThat(since.out()).contains("b.env:1");

            Cli unknown = Cli.run("scan", "--since", "release-9", repo.toString());
            assertThat(unknown.exit()).isEqualTo(2);
            assertThat(unknown.err()).contains("--since release-9").contains("unknown git revision");
            Cli both = Cli.run("scan", "--staged", "--history", repo.toString());
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("--staged").contains("--history");
        }
    }
}
