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

/** Common command lines read without picocli: the same options as picocli sets, the same output, else picocli. */
class QuickLineTest {
    @TempDir
    Path repo;

    private static final PrintStream NONE = new PrintStream(OutputStream.nullOutputStream());

    /** What picocli makes of {@code args}: the command they run, with its fields set. */
    private static Object picocli(String... args) {
        CommandLine cl = Main.commandLine(NONE, NONE, args);
        cl.parseArgs(args);
        for (String name : QuickLine.path(args)) {
            cl = cl.getSubcommands().get(name);
        }
        return cl.getCommand();
    }

    /** The fields a command line can set, side by side (the command's class first). */
    private static List<Object> fields(Object command) {
        ReportCommand r = (ReportCommand) command;
        List<Object> common = List.of(r.getClass(), String.valueOf(r.config), r.output.format, String.valueOf(r.output.output),
                r.output.noColor, r.output.quiet);
        List<Object> own;
        if (command instanceof ScanCommand c) {
            own = Arrays.asList(c.dir, c.staged, c.since, c.history, c.baseline, c.excludes, c.maxFileSize, c.threads,
                    c.listRules, c.failOn.failOn, c.failOn.threshold());
        } else if (command instanceof HistoryCommand h) {
            own = Arrays.asList(h.repository.dir, h.environment, h.service, h.since, h.limit, h.id);
        } else {
            WorkflowsAnalyzeCommand w = (WorkflowsAnalyzeCommand) command;
            own = Arrays.asList(w.repository.dir, w.failOn.failOn, w.failOn.threshold());
        }
        List<Object> all = new java.util.ArrayList<>(common);
        all.addAll(own);
        return all;
    }

    @Test
    void eachLineItReadsIsReadAsPicocliReadsIt() {
        String[][] lines = {
            {"scan", "--staged"}, {"scan", "--staged", "--quiet", "--no-color"}, {"scan", "--staged", "-q", "--no-color", "some/dir"},
            {"scan", "sub", "--staged", "-q"}, {"scan", "--since", "origin/main", "-q"}, {"scan", "--since", "HEAD~3", "."},
            {"scan", "--staged", "--fail-on", "high", "-q"}, {"scan", "--fail-on", "info", "--staged"}, {"scan", "."},
            {"scan", "help"}, {"scan", "--staged", ""}, {"scan"}, {"scan", "--staged", "-f", "json"},
            {"scan", "--format", "sarif", "-q", "."},
            {"history"}, {"history", "."}, {"history", "some/dir", "-q"}, {"history", "-f", "json"},
            {"history", "--format", "markdown", "--no-color", "x"},
            {"workflows", "analyze"}, {"workflows", "analyze", "repo", "-q"}, {"workflows", "analyze", "-f", "json", "."},
            {"workflows", "analyze", "--fail-on", "critical"}, {"workflows", "analyze", "--no-color", "--fail-on", "low", "r"},
        };
        for (String[] args : lines) {
            Object quick = QuickLine.parse(args);
            assertThat(quick).as(String.join(" ", args)).isNotNull();
            assertThat(fields(quick)).as(String.join(" ", args)).isEqualTo(fields(picocli(args)));
        }
    }

    @Test
    void anythingElseIsLeftToPicocli() {
        String[][] lines = {
            {"audit", "--staged"}, {"scan", "--help"}, {"scan", "-h"}, {"scan", "-V"}, {"scan", "-qf", "json"},
            {"scan", "--staged", "-f", "JSON"}, {"scan", "--since=HEAD"}, {"scan", "--staged", "--staged"},
            {"scan", "-q", "--quiet"}, {"scan", "--since"}, {"scan", "--since", "-q"}, {"scan", "--fail-on", "High"},
            {"scan", "--fail-on", "bogus"}, {"scan", "a", "b"}, {"scan", "--", "dir"}, {"scan", "@args.txt"},
            {"scan", "--history"}, {"scan", "--staged", "--exclude", "x"}, {"scan", "--config", "z.yaml"},
            {"scan", "--list-rules"}, {"scan", "--staged", "-o", "out.txt"}, {"scan", "--since", "@{u}"},
            {"scan", "-f", "xml"}, {"scan", "-f", "json", "--format", "json"}, {"scan", "--format=json"},
            {"history", "--help"}, {"history", "--env", "prod"}, {"history", "--staged"}, {"history", "--since", "7d"},
            {"history", "--fail-on", "high"}, {"history", "--id", "3"}, {"history", "a", "b"}, {"history", "-f"},
            {"history", "-f", "Json"}, {"history", "-fjson"}, {"history", "@args.txt"}, {"history", "--", "x"},
            {"workflows"}, {"workflows", "plan"}, {"workflows", "--help"}, {"workflows", "-q", "analyze"},
            {"workflows", "analyze", "--help"}, {"workflows", "analyze", "--staged"}, {"workflows", "analyze", "--since", "x"},
            {"workflows", "analyze", "--fail-on", "HIGH"}, {"workflows", "analyze", "-o", "r.json"}, {"nosuchcommand"},
        };
        for (String[] args : lines) {
            assertThat(QuickLine.parse(args)).as(String.join(" ", args)).isNull();
        }
    }

    /** A report without the time it took (text summary and JSON field), the one part two runs may differ in. */
    private static String timeless(String report) {
        return report.replaceAll("in [0-9.]+ s", "in T s").replaceAll("\"elapsedMs\" : [0-9]+", "\"elapsedMs\" : T");
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
        assertThat(timeless(quick.out())).as(join).isEqualTo(timeless(out.toString(StandardCharsets.UTF_8)));
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

    /** The commands that often have nothing to do: an empty repository, one with work, and a failure, in text and JSON. */
    @Test
    void historyAndWorkflowsAnalyzePrintAndExitAsThroughPicocli() throws Exception {
        String dir = repo.toString();
        String missing = repo.resolve("missing").toString();
        for (String format : new String[] {"text", "json"}) {
            samePrintout("history", dir, "-f", format); // nothing recorded
            samePrintout("history", missing, "-f", format); // exit 2; as JSON, the error document on stdout
            samePrintout("workflows", "analyze", dir, "-f", format); // no workflows
            samePrintout("workflows", "analyze", missing, "-f", format);
            samePrintout("scan", dir, "-f", format);
        }
        Path workflows = Files.createDirectories(repo.resolve(".github/workflows"));
        Files.writeString(workflows.resolve("deploy.yml"), "on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
                + "    steps:\n      - uses: actions/checkout@v4\n      - run: ssh deploy@203.0.113.7 ./release.sh || true\n");
        Cli found = Cli.run("workflows", "analyze", dir, "-q");
        assertThat(found.exit()).as(found.err()).isEqualTo(1);
        samePrintout("workflows", "analyze", dir, "-q");
        samePrintout("workflows", "analyze", dir, "-q", "-f", "json", "--fail-on", "critical");
        assertThat(Cli.run("history", dir).out()).startsWith("No deployments recorded yet");
        assertThat(Files.exists(repo.resolve(".zerofail"))).as("history of nothing creates no store").isFalse();
    }
}
