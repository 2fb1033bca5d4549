package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Finding;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scan --staged (the index) and scan --since REF (what changed since a ref): which files and lines count. */
class GitSourcesTest {
    private static final String LEAK = "API_KEY=your_api_key_here\n";
    private static final String LEAK2 = "export TOKEN=changeme\n";

    @TempDir
    Path dir;

    private void write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static RevCommit commit(Git git, String message) throws Exception {
        return git.commit().setMessage(message).setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
                .setSign(false).call();
    }

    /** The git CLI, for what JGit's porcelain cannot stage (gitlinks, symbolic links). */
    private void git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t",
                "-c", "user.email=t@example.invalid", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", args) + ": " + out).isZero();
    }

    private Scanner.Result result(Path root, boolean staged, String since) {
        return new Scanner(new Detector(RuleSet.builtin()))
                .scan(new ScanOptions(root, List.of(), ScanOptions.DEFAULT_MAX_FILE_SIZE, 1, false, since, staged),
                        Scanner.Progress.NONE);
    }

    private List<String> scan(Path root, boolean staged, String since) {
        return new Scanner(new Detector(RuleSet.builtin()))
                .scan(new ScanOptions(root, List.of(), ScanOptions.DEFAULT_MAX_FILE_SIZE, 1, false, since, staged),
                        Scanner.Progress.NONE)
                .findings().stream().map(GitSourcesTest::where).toList();
    }

    private static String where(Finding f) {
        return f.location().path() + ":" + f.location().line();
    }

    @Test
    void stagedReadsTheIndexNotTheWorkingTreeAndCountsOnlyTheLinesTheCommitAdds() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("app/.env", "DEBUG=true\n" + LEAK);   // already committed: not this commit's finding
            write("app/main.py", "print('hi')\n");
            git.add().addFilepattern(".").call();
            commit(git, "start");
            assertThat(scan(dir, true, null)).as("nothing staged").isEmpty();

            write("app/.env", "DEBUG=false\nLOG=1\n" + LEAK + LEAK2);  // line 4 is the staged addition
            write("ops/run.sh", "#!/bin/sh\n" + LEAK2);               // new file: counts whole
            git.add().addFilepattern("app/.env").addFilepattern("ops/run.sh").call();
            write("ops/run.sh", "#!/bin/sh\n");                       // unstaged fix: the commit still holds it
            write("app/main.py", "print('hi')\n" + LEAK);             // unstaged leak: not in the commit
            write("notes.txt", LEAK);                                 // untracked

            assertThat(scan(dir, true, null)).containsExactly("app/.env:4", "ops/run.sh:2");
            assertThat(scan(dir.resolve("ops"), true, null)).as("a sub-folder: paths relative to it")
                    .containsExactly("run.sh:2");
        }
    }

    @Test
    void stagedBeforeTheFirstCommitScansEverythingStagedAndSkipsDeletions() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("a.env", LEAK);
            write("b.env", LEAK2);
            git.add().addFilepattern(".").call();
            assertThat(scan(dir, true, null)).containsExactly("a.env:1", "b.env:1");
            commit(git, "first");
            git.rm().addFilepattern("a.env").call();
            assertThat(scan(dir, true, null)).as("a staged deletion adds nothing").isEmpty();
        }
    }

    @Test
    void sinceCountsWhatChangedAfterTheRefCommittedOrNotButNotIgnoredFiles() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write(".gitignore", "local/\n");
            write("app/.env", "DEBUG=true\n" + LEAK);
            write("keep.sh", LEAK2);
            write("gone.sh", "echo\n");
            git.add().addFilepattern(".").call();
            RevCommit base = commit(git, "base");

            write("app/.env", "DEBUG=true\n" + LEAK + "SECRET_KEY=REPLACE_ME\n");  // committed after base
            git.add().addFilepattern("app/.env").call();
            commit(git, "more");
            write("new/conf.env", "PASSWORD=changeme\n");    // untracked, not ignored
            write("local/dev.env", LEAK);                    // ignored
            Files.delete(dir.resolve("gone.sh"));             // deleted: nothing to scan

            assertThat(scan(dir, false, base.name())).containsExactly("app/.env:3", "new/conf.env:1");
            assertThat(scan(dir, false, "HEAD")).as("uncommitted work only").containsExactly("new/conf.env:1");
        }
    }

    @Test
    void sinceABranchThatMovedOnComparesWithWhereHeadLeftIt() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("a.env", "X=1\n");
            git.add().addFilepattern(".").call();
            commit(git, "base");
            git.checkout().setCreateBranch(true).setName("feature").call();
            write("feature.env", LEAK);
            git.add().addFilepattern(".").call();
            commit(git, "feature");
            git.checkout().setName("main").call();
            write("main.env", LEAK2);  // on main only: not the feature branch's change
            git.add().addFilepattern(".").call();
            commit(git, "main moves");
            git.checkout().setName("feature").call();

            assertThat(scan(dir, false, "main")).containsExactly("feature.env:1");
        }
    }

    @Test
    void anUnknownRefOrNoRepositoryIsAUsageErrorNamingIt() throws Exception {
        assertThatThrownBy(() -> scan(dir, true, null)).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.describe()).contains(dir.toString()).contains("--staged").contains("not inside a git repository");
        });
        assertThatThrownBy(() -> scan(dir, false, "main")).isInstanceOfSatisfying(ZerofailException.class,
                e -> assertThat(e.describe()).contains("--since").contains("not inside a git repository"));
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("a.txt", "x\n");
            git.add().addFilepattern(".").call();
            commit(git, "one");
            for (String ref : List.of("no-such-branch", "v9.9.9", "deadbeefdeadbeef", "a..b:c")) {
                assertThatThrownBy(() -> scan(dir, false, ref)).as(ref).isInstanceOfSatisfying(ZerofailException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.describe()).contains("--since " + ref).contains("unknown git revision");
                });
            }
        }
    }

    @Test
    void aRenamedFileCountsOnlyWhatChangedAgainstWhereItCameFrom() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("old/app.env", "DEBUG=true\nLOG=1\nLEVEL=2\n" + LEAK);
            git.add().addFilepattern(".").call();
            RevCommit base = commit(git, "start");
            Files.createDirectories(dir.resolve("new"));
            git("mv", "old/app.env", "new/app.env");
            assertThat(scan(dir, true, null)).as("a pure rename adds nothing").isEmpty();
            write("new/app.env", "DEBUG=true\nLOG=1\nLEVEL=2\n" + LEAK + LEAK2);
            git("add", "new/app.env");
            assertThat(scan(dir, true, null)).containsExactly("new/app.env:5");
            commit(git, "moved");
            assertThat(scan(dir, false, base.name())).containsExactly("new/app.env:5");
        }
    }

    @Test
    void deletionsBinaryFilesSymlinksAndGitlinksAreSkipped() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("gone.env", LEAK);
            write("keep.txt", "x\n");
            git.add().addFilepattern(".").call();
            RevCommit first = commit(git, "start");
            git("rm", "-q", "gone.env");
            Files.write(dir.resolve("blob.dat"), ("\0\1\2" + LEAK).getBytes());   // NUL bytes: binary
            Files.write(dir.resolve("logo.png"), LEAK.getBytes());                // a binary extension
            write("target.env", LEAK2);
            Files.createSymbolicLink(dir.resolve("link.env"), Path.of("target.env"));
            git("add", "blob.dat", "logo.png", "link.env");
            git("update-index", "--add", "--cacheinfo", "160000," + first.name() + ",vendor/lib");  // a submodule
            Scanner.Result r = result(dir, true, null);
            assertThat(r.findings()).isEmpty();
            assertThat(r.stats().skippedBinary()).isEqualTo(2);
            assertThat(r.stats().files()).isZero();
        }
    }

    @Test
    void pathsWithSpacesAndUnicodeAreNamedAsTheyAre() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("a b/ünï cödé €.env", LEAK);
            write("\"quoted\"\tname.env", LEAK2);
            git("add", ".");
            assertThat(scan(dir, true, null)).as("no commit yet: everything staged counts")
                    .containsExactly("\"quoted\"\tname.env:1", "a b/ünï cödé €.env:1");
            assertThat(scan(dir.resolve("a b"), true, null)).containsExactly("ünï cödé €.env:1");
            git("commit", "-q", "-m", "first");
            write("a b/ünï cödé €.env", LEAK + LEAK2);
            assertThat(scan(dir, false, "HEAD")).containsExactly("a b/ünï cödé €.env:2");
        }
    }

    @Test
    void sinceComparesAFileUntrackedSinceWithWhatItWas() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            write("a.env", LEAK);
            git.add().addFilepattern(".").call();
            commit(git, "start");
            git("rm", "-q", "--cached", "a.env");
            write("a.env", LEAK + LEAK2);
            assertThat(scan(dir, false, "HEAD")).containsExactly("a.env:2");
        }
    }

    @Test
    void noGitOnPathIsAUsageErrorSayingWhatToInstall() throws Exception {
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            ScanOptions opts = new ScanOptions(dir, List.of(), ScanOptions.DEFAULT_MAX_FILE_SIZE, 1, false, "HEAD", true);
            Suppressions sup = Suppressions.load(dir, List.of());
            Scanner scanner = new Scanner(new Detector(RuleSet.builtin()));
            for (Source s : List.<Source>of(new StagedSource(opts, sup, "/nonexistent/git"),
                    new ChangedSinceSource(opts, sup, "/nonexistent/git"))) {
                assertThatThrownBy(() -> scanner.scan(s, sup, Scanner.Progress.NONE))
                        .isInstanceOfSatisfying(ZerofailException.class, e -> {
                            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                            assertThat(e.describe()).contains("git is not installed or not on PATH").contains("install git");
                        });
            }
        }
    }
}
