package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitsTest {
    @TempDir
    Path repo;

    @Test
    void theCommitTimeComesFromTheRepositoryWhenItHasTheCommit() throws Exception {
        Instant when = Instant.parse("2026-11-30T08:15:00Z");
        RevCommit c;
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            Files.writeString(repo.resolve("a.txt"), "a");
            git.add().addFilepattern("a.txt").call();
            PersonIdent who = new PersonIdent("Dev", "dev@example.org", Date.from(when), TimeZone.getTimeZone("UTC"));
            c = git.commit().setMessage("one").setAuthor(who).setCommitter(who).setSign(false).call();
        }
        Files.createDirectories(repo.resolve("deploy"));
        assertThat(Commits.time(repo.resolve("deploy"), c.getName())).isEqualTo(when);
        assertThat(Commits.time(repo, c.getName().substring(0, 10))).isEqualTo(when);
        assertThat(Commits.time(repo, "0123456789abcdef0123456789abcdef01234567")).isNull();
    }

    @Test
    void noRepositoryMeansNoTime() {
        assertThat(Commits.time(repo, "0123456789abcdef0123456789abcdef01234567")).isNull();
        assertThat(Commits.time(repo, null)).isNull();
    }

    @Test
    void theShaComesFromTheOptionElseGithubSha() {
        assertThat(Commits.sha("ABCDEF1", Map.of("GITHUB_SHA", "1234567"))).isEqualTo("abcdef1");
        assertThat(Commits.sha(null, Map.of("GITHUB_SHA", "1234567"))).isEqualTo("1234567");
        assertThat(Commits.sha(null, Map.of())).isNull();
        assertThatThrownBy(() -> Commits.sha("main; rm -rf /", Map.of())).isInstanceOf(ZerofailException.class)
                .hasMessageContaining("commit SHA");
    }
}
