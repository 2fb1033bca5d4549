package dev.zerofail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The hook's command line read without picocli: the same options as picocli sets, the same output, else picocli. */
class QuickScanTest {
    @TempDir
    Path repo;

    private static final PrintStream NONE = new PrintStream(OutputStream.nullOutputStream());

    /** What picocli makes of {@code args}: the scan command with its fields set. */
    private static ScanCommand picocli(String... args) {
        CommandLine cl = Main.commandLine(NONE, NONE, args);
        cl.parseArgs(args);
        return cl.getSubcommands().get("scan").getCommand();
    }

    /** The fields a command line can set, side by side. */
    private static List<Object> fields(ScanCommand c) {
        return Arrays.asList(c.dir, c.staged, c.since, c.history, c.baseline, c.excludes, c.maxFileSize, c.threads,
                c.listRules, c.config, c.failOn.failOn, c.failOn.threshold(), c.output.format, c.output.output,
                c.output.noColor, c.output.quiet);
    }

    @Test
    void eachLineItReadsIsReadAsPicocliReadsIt() {
        String[][] lines = {
            {"scan", "--staged"}, {"scan", "--staged", "--quiet", "--no-color"}, {"scan", "--staged", "-q", "--no-color", "some/dir"},
            {"scan", "sub", "--staged", "-q"}, {"scan", "--since", "origin/main", "-q"}, {"scan", "--since", "HEAD~3", "."},
            {"scan", "--staged", "--fail-on", "high", "-q"}, {"scan", "--fail-on", "info", "--staged"}, {"scan", "."},
            {"scan", "help"}, {"scan", "--staged", ""},
        };
        for (String[] args : lines) {
            ScanCommand quick = QuickScan.parse(args);
            assertThat(quick).as(String.join(" ", args)).isNotNull();
            assertThat(fields(quick)).as(String.join(" ", args)).isEqualTo(fields(picocli(args)));
        }
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        String[][] lines = {
            {"scan"}, {"audit", "--staged"}, {"scan", "--help"}, {"scan", "-h"}, {"scan", "-V"}, {"scan", "-qf", "json"},
            {"scan", "--staged", "-f", "json"}, {"scan", "--since=HEAD"}, {"scan", "--staged", "--staged"},
            {"scan", "-q", "--quiet"}, {"scan", "--since"}, {"scan", "--since", "-q"}, {"scan", "--fail-on", "High"},
            {"scan", "--fail-on", "bogus"}, {"scan", "a", "b"}, {"scan", "--", "dir"}, {"scan", "@args.txt"},
            {"scan", "--history"}, {"scan", "--staged", "--exclude", "x"}, {"scan", "--config", "z.yaml"},
            {"scan", "--list-rules"}, {"scan", "--staged", "-o", "out.txt"}, {"scan", "--since", "@{u}"},
        };
        for (String[] args : lines) {
            assertThat(QuickScan.parse(args)).as(String.join(" ", args)).isNull();
        }
    }

    /** Main.run (the quick path) against picocli's execute of the same line: exit code, stdout and stderr. */
    private static void samePrintout(String... args) {
        Cli quick = Cli.run(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.commandLine(o, e, args).execute(args);
        }
        String join = String.join(" ", args);
        assertThat(quick.exit()).as(join).isEqualTo(code);
        assertThat(quick.out().replaceAll("in [0-9.]+ s", "in T s")).as(join)
                .isEqualTo(out.toString(StandardCharsets.UTF_8).replaceAll("in [0-9.]+ s", "in T s"));
        assertThat(quick.err()).as(join).isEqualTo(err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theHookPrintsAndExitsAsThroughPicocli() throws Exception {
        String dir = repo.toString();
        samePrintout("scan", "--staged", "--quiet", "--no-color", dir); // not a git repository: exit 2
        assertThat(Cli.run("scan", "--staged", "-q", dir).err()).contains("not inside a git repository");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("app.py"), "print(1)\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setAuthor("t", "t@example.invalid").setCommitter("t", "t@example.invalid")
                    .setSign(false).call();
            samePrintout("scan", "--staged", "--quiet", "--no-color", dir); // nothing staged: exit 0
            Files.writeString(repo.resolve("app.py"), "print(1)\nSTRIPE_SECRET_KEY = \"REPLACE_ME\"\n");
            Files.writeString(repo.resolve(".env"), "OPENAI_API_KEY=your_api_key_here\n");
            git.add().addFilepattern(".").call();
            Cli hook = Cli.run("scan", "--staged", "--quiet", "--no-color", dir);
            assertThat(hook.exit()).isEqualTo(1);
            assertThat(hook.out()).contains("app.py:2", ".env:1");
            samePrintout("scan", "--staged", "--quiet", "--no-color", dir);
            samePrintout("scan", "--staged", "--quiet", "--no-color", "--fail-on", "critical", dir); // placeholders are high: exit 0
            samePrintout("scan", "--since", "main", "-q", dir);
            samePrintout("scan", "--since", "no-such-ref", "-q", dir); // exit 2, git's message
            samePrintout("scan", "--staged", "-q", repo.resolve("missing").toString());
        }
    }
}
