package dev.zerofail.cli;

import dev.zerofail.core.Durations;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.GhFiles;
import dev.zerofail.runs.GithubClient;
import dev.zerofail.runs.JdbcRunStore;
import dev.zerofail.runs.JdkGithubHttp;
import dev.zerofail.runs.LogExcerpts;
import dev.zerofail.runs.RunImporter;
import dev.zerofail.runs.RunsImportResult;
import dev.zerofail.scan.RuleSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "import", header = "Import workflow runs, jobs and steps from GitHub (or gh's JSON) into the history.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads GitHub Actions runs of --repo through the REST API (token from GITHUB_TOKEN or GH_TOKEN, "
                + "never printed) into the history database (history.url; default .zerofail/history.db). Asks one "
                + "week of 'created' at a time, halving a week that holds more than the API's 1,000 results; sends "
                + "the stored ETags, so a repeated import costs little; waits out rate limits within --max-wait; "
                + "retries server errors. Stopped anywhere, the same command goes on where it stopped and never "
                + "duplicates a run, attempt or job.",
            "--from-gh reads files instead: 'gh run list --json databaseId,attempt,workflowName,event,headBranch,"
                + "headSha,status,conclusion,createdAt,startedAt,updatedAt,url' and 'gh run view ID --json "
                + "jobs,databaseId,attempt' (or the API's own JSON saved by 'gh api')."})
public final class RunsImportCommand extends ReportCommand {
    @picocli.CommandLine.Mixin
    RepositoryDir repository = new RepositoryDir();

    static final String DEFAULT_SINCE = "90d";

    @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "the repository (required unless --from-gh "
            + "files carry run URLs)")
    String repo;

    @Option(names = "--since", paramLabel = "WHEN", description = "runs created since a date (2026-11-01), an instant "
            + "or a time ago (30d, 2w); rounded down to its week's Monday (default: " + DEFAULT_SINCE + ")")
    String since = DEFAULT_SINCE;

    @Option(names = "--workflow", paramLabel = "W", description = "only this workflow: its file name (ci.yml) or id")
    String workflow;

    @Option(names = "--api-url", paramLabel = "URL", description = "the REST API's root (default: "
            + "https://api.github.com; GitHub Enterprise Server: https://HOST/api/v3)")
    URI apiUrl = GithubClient.DEFAULT_API;

    @Option(names = "--logs", description = "also keep failed jobs' logs: the lines around each failure, secrets "
            + "masked, compressed")
    boolean logs;

    @Option(names = "--max-wait", paramLabel = "DURATION", description = "at most this long waiting out rate limits "
            + "in all (default: 15m); beyond it the import stops and the next one goes on")
    String maxWait = "15m";

    @Option(names = "--from-gh", paramLabel = "FILE", arity = "1..*", description = "import gh's JSON files (or "
            + "directories of *.json) instead of calling the API")
    List<Path> fromGh;

    @Override
    public Integer call() throws InterruptedException {
        if (repo != null && !repo.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
            throw ZerofailException.usage("--repo", "expected OWNER/NAME, got '" + repo + "'", "for example --repo "
                    + "acme/platform");
        }
        if (fromGh == null && repo == null) {
            throw ZerofailException.usage("--repo", "which repository?", "pass --repo OWNER/NAME, or --from-gh FILE…");
        }
        Duration budget = Durations.parse(maxWait, "--max-wait");
        Instant now = Instant.now();
        Instant from = HistoryCommand.parseSince(since, now);
        if (fromGh == null) {
            checkApiUrl(apiUrl);
        }
        RunsSetup setup = new RunsSetup(repository, config);
        Consumer<String> progress = RunsSetup.progress(spec.commandLine().getErr(), output.quiet);
        String where = setup.history.describe(setup.root);
        RunsImportResult result;
        List<String> warnings = List.of();
        try (HistoryStore history = setup.history.open(setup.root, System.getenv())) {
            JdbcRunStore store = new JdbcRunStore(history.dataSource());
            if (fromGh != null) {
                GhFiles files = new GhFiles(store, progress);
                result = files.load(repo, fromGh, where);
                warnings = files.warnings();
            } else {
                GithubClient gh = new GithubClient(apiUrl, GithubClient.token(System.getenv()), new JdkGithubHttp(),
                        Clock.systemUTC(), Sleeper.REAL, budget, progress);
                RunImporter importer = new RunImporter(gh, store, logs ? new LogExcerpts(RuleSet.builtin()) : null,
                        progress);
                result = importer.run(new RunImporter.Request(repo, from, now, workflow), where);
            }
        }
        emit(new Report("runs import", setup.root.toString(), result, List.of(), warnings));
        return ExitCode.OK.code();
    }

    /** The token goes only over TLS, or to this machine (tests, a local stand-in). */
    static void checkApiUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw ZerofailException.usage("--api-url", "expected an http(s) URL, got '" + url + "'",
                    "for example https://github.example.com/api/v3");
        }
        if (scheme.equals("http") && !dev.zerofail.core.Loopback.is(url.getHost())) {
            throw ZerofailException.usage("--api-url", "plain http to " + url.getHost() + " would send the token in clear",
                    "use https (plain http is allowed only to localhost/127.0.0.1)");
        }
    }
}
