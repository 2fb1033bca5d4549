package dev.zerofail.runs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.scan.RuleSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The API import against a stand-in GitHub (WireMock) in the documented shapes. */
public class RunImporterTest {
    static final String TOKEN = "ghp_Zq8vR2mT4xL9pB7cW3nK6yH1sD5fG0jA2eQ4";
    static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    static final Instant SINCE = Instant.parse("2026-11-01T00:00:00Z");
    static final FakeGithub FAKE = new FakeGithub();

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
            .bindAddress("127.0.0.1").disableRequestJournal().extensions(FAKE)).build();

    @TempDir
    Path dir;
    HistoryStore history;
    JdbcRunStore store;
    final List<Duration> slept = new ArrayList<>();
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        FAKE.runs.clear();
        FAKE.logs.clear();
        FAKE.seen.clear();
        FAKE.clearFaults();
        FAKE.resetEpoch = NOW.plusSeconds(30).getEpochSecond();
        wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
        history = HistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null);
        store = new JdbcRunStore(history.dataSource());
    }

    @AfterEach
    void tearDown() {
        history.close();
    }

    /** A run whose attempts end with these conclusions; each attempt has {@code jobs} jobs, the first carrying the attempt's outcome. */
    public static FakeGithub.Run run(long id, String workflow, Instant created, String sha, int jobs, String... conclusions) {
        List<FakeGithub.Job> js = new ArrayList<>();
        for (int a = 1; a <= conclusions.length; a++) {
            for (int k = 0; k < jobs; k++) {
                String c = k == 0 ? conclusions[a - 1] : "success";
                Instant start = created.plusSeconds(600L * (a - 1) + 5);
                js.add(new FakeGithub.Job(id * 100 + a * 10 + k, a, "job" + k, c, start, start.plusSeconds(65),
                        List.of("ubuntu-latest"), List.of(new String[] {"Set up job", "success"},
                                new String[] {"Run tests", c})));
            }
        }
        return new FakeGithub.Run(id, workflow, "push", "main", sha, created, List.of(conclusions), js);
    }

    /** {@code n} runs spread over {@code [from, from + span)}, a third of them re-run once. */
    public static List<FakeGithub.Run> runs(long firstId, int n, Instant from, Duration span) {
        List<FakeGithub.Run> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant created = from.plusMillis(span.toMillis() * i / n);
            String[] conclusions = i % 3 == 0 ? new String[] {"failure", "success"} : new String[] {"success"};
            out.add(run(firstId + i, i % 2 == 0 ? "CI" : "Deploy", created, "sha" + i, 2, conclusions));
        }
        return out;
    }

    GithubClient client(Duration budget) {
        return new GithubClient(URI.create("http://127.0.0.1:" + wm.getPort()), TOKEN, new JdkGithubHttp(), Clock.fixed(NOW, ZoneOffset.UTC),
                slept::add, budget, progress::add);
    }

    RunsImportResult importOnce(LogExcerpts logs) throws InterruptedException {
        return new RunImporter(client(Duration.ofMinutes(10)), store, logs, progress::add)
                .run(new RunImporter.Request("acme/platform", SINCE, NOW, null), "test");
    }

    static int attempts(List<FakeGithub.Run> runs) {
        return runs.stream().mapToInt(FakeGithub.Run::attempt).sum();
    }

    @Test
    void importsEveryAttemptJobAndStepFollowingLinkPages() throws Exception {
        List<FakeGithub.Run> all = runs(1000, 250, Instant.parse("2026-11-10T00:00:00Z"), Duration.ofDays(3));
        FAKE.runs.addAll(all);

        RunsImportResult r = importOnce(null);

        assertThat(r.runsListed()).isEqualTo(250);
        assertThat(r.attemptsSaved()).isEqualTo(attempts(all)).isEqualTo(250 + 84);
        assertThat(r.jobsSaved()).isEqualTo(2 * attempts(all));
        assertThat(store.runs("acme/platform", null)).hasSize(334);
        List<CiJob> jobs = store.jobs("acme/platform", null);
        assertThat(jobs).hasSize(668);
        // re-runs: attempt 1 failed and is stored with its own jobs (filter=all), attempt 2 passed
        CiRun first = store.runs("acme/platform", null).stream().filter(x -> x.runId() == 1000 && x.attempt() == 1)
                .findFirst().orElseThrow();
        assertThat(first.conclusion()).isEqualTo("failure");
        CiJob failed = jobs.stream().filter(j -> j.jobId() == 1000 * 100 + 10).findFirst().orElseThrow();
        assertThat(failed.conclusion()).isEqualTo("failure");
        assertThat(failed.steps()).extracting(CiStep::name).containsExactly("Set up job", "Run tests");
        assertThat(failed.labels()).containsExactly("ubuntu-latest");
        assertThat(failed.duration()).isEqualTo(Duration.ofSeconds(65));
        // 250 runs in one week: pages 1..3 by Link
        assertThat(FAKE.count("page=2")).isEqualTo(1);
        assertThat(FAKE.count("page=3")).isEqualTo(1);
        assertThat(FAKE.count("filter=all")).isEqualTo(250);
        assertThat(FAKE.seen).allSatisfy(s -> {
            assertThat(s[1]).isEqualTo("Bearer " + TOKEN);
            assertThat(s[2]).isEqualTo(GithubClient.API_VERSION);
        });
        assertThat(String.join("\n", progress)).doesNotContain(TOKEN);
    }

    @Test
    void aWeekOverTheThousandCapIsHalvedUntilEverySliceFits() throws Exception {
        List<FakeGithub.Run> all = runs(5000, 1300, Instant.parse("2026-11-16T00:00:00Z"), Duration.ofDays(6));
        FAKE.runs.addAll(all);

        RunsImportResult r = importOnce(null);

        assertThat(r.narrowedSlices()).isEqualTo(1);
        assertThat(r.truncatedSlices()).isEmpty();
        assertThat(store.runs("acme/platform", null).stream().map(x -> x.runId()).distinct().count()).isEqualTo(1300);
        assertThat(store.runs("acme/platform", null)).hasSize(attempts(all));
        // never asked past the API's 1,000th result
        assertThat(FAKE.seen).noneMatch(s -> s[0].matches(".*[?&]page=(1[1-9]|[2-9]\\d).*"));
    }

    @Test
    void primaryAndSecondaryRateLimitsAreWaitedOutAndReported() throws Exception {
        FAKE.runs.addAll(runs(1000, 10, Instant.parse("2026-11-10T00:00:00Z"), Duration.ofDays(1)));
        FAKE.fail("/actions/runs?", 1, new FakeGithub.Fault(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
                String.valueOf(NOW.getEpochSecond() + 30)), "{\"message\":\"API rate limit exceeded\"}"));
        FAKE.fail("/jobs", 1, new FakeGithub.Fault(429, Map.of("retry-after", "7"),
                "{\"message\":\"You have exceeded a secondary rate limit\"}"));
        FAKE.fail("/attempts/", 1, new FakeGithub.Fault(403, Map.of(),
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes\"}"));

        RunsImportResult r = importOnce(null);

        // primary: until the reset plus a second; secondary: retry-after, else a minute
        assertThat(slept).containsExactly(Duration.ofSeconds(31), Duration.ofSeconds(60), Duration.ofSeconds(7));
        assertThat(r.rateLimitWaits()).isEqualTo(3);
        assertThat(r.rateLimitWaitedMs()).isEqualTo(98_000);
        assertThat(r.attemptsSaved()).isEqualTo(14);
        assertThat(progress).anyMatch(l -> l.contains("primary rate limit")).anyMatch(l -> l.contains("secondary rate limit"));
    }

    @Test
    void aRateLimitBeyondTheBudgetStopsWithExit3AndWhenToResume() {
        FAKE.runs.addAll(runs(1000, 10, Instant.parse("2026-11-10T00:00:00Z"), Duration.ofDays(1)));
        FAKE.fail("/actions/runs?", 1, new FakeGithub.Fault(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset",
                String.valueOf(NOW.getEpochSecond() + 3600)), "{}"));

        assertThatThrownBy(() -> new RunImporter(client(Duration.ofMinutes(5)), store, null, progress::add)
                .run(new RunImporter.Request("acme/platform", SINCE, NOW, null), "test"))
                .isInstanceOfSatisfying(ZerofailException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
                    assertThat(e.describe()).contains("primary rate limit").contains("2026-11-27T13:00:01Z")
                            .doesNotContain(TOKEN);
                });
        assertThat(slept).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenGivenUp() throws Exception {
        FAKE.runs.addAll(runs(1000, 5, Instant.parse("2026-11-10T00:00:00Z"), Duration.ofDays(1)));
        FAKE.fail("/jobs", 2, new FakeGithub.Fault(502, Map.of(), "bad gateway"));

        RunsImportResult r = importOnce(null);

        assertThat(r.retries()).isEqualTo(2);
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(r.attemptsSaved()).isEqualTo(7);

        FAKE.runs.add(run(2000, "CI", Instant.parse("2026-11-12T00:00:00Z"), "x", 1, "success"));
        FAKE.fail("/runs/2000/jobs", 100, new FakeGithub.Fault(500, Map.of(), "oops"));
        assertThatThrownBy(() -> importOnce(null)).isInstanceOfSatisfying(ZerofailException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.SERVICE_UNAVAILABLE);
            assertThat(e.describe()).contains("HTTP 500 after 6 tries").contains("goes on where it stopped");
        });
    }

    @Test
    void anImportThatFailsMidwayResumesWithoutDuplicatesOrRefetching() throws Exception {
        List<FakeGithub.Run> all = runs(1000, 120, Instant.parse("2026-11-10T00:00:00Z"), Duration.ofDays(10));
        FAKE.runs.addAll(all);
        // the 60th newest run's jobs keep failing: the import stops halfway through
        long broken = 1000 + 59;
        FAKE.fail("/runs/" + broken + "/jobs", 100, new FakeGithub.Fault(503, Map.of(), "unavailable"));

        assertThatThrownBy(() -> importOnce(null)).isInstanceOf(ZerofailException.class);
        int before = store.runs("acme/platform", null).size();
        assertThat(before).isGreaterThan(0).isLessThan(attempts(all));
        Set<Long> storedFirst = store.runs("acme/platform", null).stream().map(CiRun::runId).collect(Collectors.toSet());

        FAKE.clearFaults();
        FAKE.seen.clear();
        RunsImportResult r = importOnce(null);

        List<CiRun> stored = store.runs("acme/platform", null);
        assertThat(stored).hasSize(attempts(all));
        Set<String> keys = new HashSet<>();
        stored.forEach(x -> assertThat(keys.add(x.runId() + "#" + x.attempt())).isTrue());
        assertThat(store.jobs("acme/platform", null)).hasSize(2 * attempts(all));
        assertThat(r.attemptsSaved()).isEqualTo(attempts(all) - before);
        // what the first import finished was not asked for again
        for (long id : storedFirst) {
            assertThat(FAKE.count("/runs/" + id + "/jobs")).as("jobs of run %d", id).isZero();
        }
    }

    @Test
    void aRepeatedImportIsAnsweredNotModifiedAndPicksUpOnlyWhatChanged() throws Exception {
        List<FakeGithub.Run> all = new ArrayList<>(runs(1000, 150, Instant.parse("2026-11-03T00:00:00Z"), Duration.ofDays(14)));
        FAKE.runs.addAll(all);
        importOnce(null);
        FAKE.seen.clear();

        RunsImportResult again = importOnce(null);

        assertThat(again.attemptsSaved()).isZero();
        assertThat(again.notModified()).isEqualTo(again.requests()).isPositive();
        assertThat(again.runsUnchanged()).isEqualTo(150);
        assertThat(FAKE.count("/jobs")).isZero();

        // one old run is re-run (a new attempt): only its page changes
        FakeGithub.Run old = all.get(1);
        FAKE.runs.remove(old);
        FAKE.runs.add(run(old.id(), old.workflow(), old.created(), old.sha(), 2, "success", "failure"));
        FAKE.seen.clear();
        RunsImportResult third = importOnce(null);
        assertThat(third.attemptsSaved()).isEqualTo(2);
        assertThat(FAKE.count("/jobs")).isEqualTo(1);
        assertThat(store.runs("acme/platform", null)).filteredOn(x -> x.runId() == old.id()).extracting(CiRun::conclusion)
                .containsExactly("success", "failure");
    }

    @Test
    void failedJobLogsAreCutMaskedAndCompressedAndTheTokenStaysHome() throws Exception {
        FakeGithub.Run r = run(7000, "Deploy", Instant.parse("2026-11-10T00:00:00Z"), "abc", 1, "failure");
        FAKE.runs.add(r);
        String url = "postgres://app:Pq7zK2mX9vLr4TnB@db.internal/app";
        String token = "ghp_R8x2Lq9ZkT4mW7pB3nV6yH1sD5fG0jA2eQ4c";
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            log.append("2026-11-10T00:00:").append(String.format("%02d", i % 60)).append(".1234567Z installing package ")
                    .append(i).append('\n');
        }
        log.append("2026-11-10T00:01:00.0000000Z export GITHUB_TOKEN=").append(token).append('\n');
        log.append("2026-11-10T00:01:01.0000000Z connecting to ").append(url).append('\n');
        log.append("2026-11-10T00:01:02.0000000Z ##[error]Process completed with exit code 1.\n");
        FAKE.logs.put(700010L, log.toString());

        RunsImportResult result = importOnce(new LogExcerpts(RuleSet.builtin()));

        assertThat(result.logsSaved()).isEqualTo(1);
        List<String> lines = store.logs("acme/platform", List.of(700010L)).get(700010L);
        assertThat(lines).anyMatch(l -> l.contains("##[error]Process completed with exit code 1."));
        assertThat(lines).anyMatch(l -> l.contains("GITHUB_TOKEN=")).anyMatch(l -> l.contains("postgres://app:"));
        assertThat(lines.size()).isLessThan(40);
        assertThat(lines).noneMatch(l -> l.startsWith("2026-"));
        String joined = String.join("\n", lines);
        assertThat(joined).doesNotContain(token).doesNotContain("Pq7zK2mX9vLr4TnB").doesNotContain("zK2mX9vLr4");
        history.close();
        for (Path f : Files.list(dir).toList()) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(f.toString()).doesNotContain(token).doesNotContain("Pq7zK2mX9vLr4TnB").doesNotContain(TOKEN);
        }
        history = HistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null);
        // the log's storage is another host: the token is not sent there
        assertThat(FAKE.seen).filteredOn(s -> s[0].startsWith("/blob/")).singleElement()
                .satisfies(s -> assertThat(s[1]).isNull());
    }
}
