package dev.zerofail.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.RunsReportResult.Figures;
import dev.zerofail.runs.cause.CauseClassifier;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The report's figures against answers worked out by hand from eight run attempts (see the comments
 * in {@link #setUp}): each job's billable minutes are its seconds rounded up, times the price of its runner.
 * Runs on SQLite ({@code RunsReportTest}) and on PostgreSQL ({@code PostgresRunsReportIT}).
 */
public abstract class RunsReportContract {
    static final String REPO = "acme/platform";

    protected HistoryStore history;
    JdbcRunStore store;

    static Instant t(String s) {
        return Instant.parse(s);
    }

    static CiRun run(long id, int attempt, String workflow, String sha, String event, String branch, String created,
            String status, String conclusion) {
        return new CiRun(REPO, id, attempt, id, 1L, workflow, event, branch, sha, status, conclusion, t(created), t(created),
                t(created), "https://github.com/acme/platform/actions/runs/" + id + "/attempts/" + attempt);
    }

    static CiJob job(long id, long run, int attempt, String name, String conclusion, int seconds, String... labels) {
        Instant start = t("2026-11-01T00:00:00Z");
        return new CiJob(REPO, id, run, attempt, name, "completed", conclusion, start, start.plusSeconds(seconds),
                List.of(labels), null, List.of(), "https://github.com/acme/platform/actions/runs/" + run + "/job/" + id);
    }

    /** A new, empty history store. */
    protected abstract HistoryStore open();

    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void setUp() {
        history = open();
        store = new JdbcRunStore(history.dataSource());
        List<CiRun> runs = List.of(
                // CI on commit A fails, then passes when re-run: one flaky commit, one re-run
                run(1, 1, "CI", "A", "push", "main", "2026-11-02T10:00:00Z", "completed", "failure"),
                run(1, 2, "CI", "A", "push", "main", "2026-11-02T10:00:00Z", "completed", "success"),
                run(2, 1, "Deploy", "A", "push", "main", "2026-11-02T10:05:00Z", "completed", "timed_out"),
                run(3, 1, "CI", "B", "pull_request", "feature", "2026-11-10T09:00:00Z", "completed", "cancelled"),
                run(4, 1, "CI", "C", "push", "main", "2026-11-10T12:00:00Z", "completed", "skipped"),
                run(5, 1, "Deploy", "C", "push", "main", "2026-11-11T08:00:00Z", "in_progress", null),
                run(6, 1, "Nightly", "D", "schedule", "main", "2026-11-12T00:00:00Z", "completed", "startup_failure"),
                run(7, 1, "Release", "E", "push", "main", "2026-11-12T06:00:00Z", "completed", "success"));
        List<CiJob> jobs = List.of(
                job(11, 1, 1, "test", "failure", 90, "ubuntu-latest"),          // 2 min linux
                job(12, 1, 1, "lint", "success", 30, "ubuntu-latest"),          // 1 min linux
                job(13, 1, 2, "test", "success", 61, "ubuntu-latest"),          // 2 min linux
                job(14, 1, 2, "lint", "success", 30, "ubuntu-latest"),          // 1 min linux
                job(21, 2, 1, "deploy", "timed_out", 125, "windows-latest"),    // 3 min windows
                job(31, 3, 1, "test", "cancelled", 600, "ubuntu-latest-8-cores"), // 10 min linux-8-core
                job(51, 5, 1, "deploy", "success", 300, "self-hosted", "linux"), // 5 min, free
                job(71, 7, 1, "build", "success", 240, "macos-14"),             // 4 min macos
                job(72, 7, 1, "sign", "success", 61, "macos-latest-xlarge"));   // 2 min macos-xlarge
        store.save(runs, jobs);
    }

    @AfterEach
    void tearDown() throws Exception {
        history.close();
        dropDatabase();
    }

    RunsReportResult report(RunsReport.By by) {
        return new RunsReport(store, Prices.defaults(), CauseClassifier.builtIn()).run(new RunsReport.Query(null, null, by),
                "test");
    }

    @Test
    void totalsRatesMinutesAndMoney() {
        Figures f = report(null).totals();
        assertThat(f.runs()).isEqualTo(8);
        assertThat(f.completed()).isEqualTo(7);
        assertThat(f.succeeded()).isEqualTo(2);
        assertThat(f.failed()).isEqualTo(3); // failure + timed_out + startup_failure
        assertThat(f.cancelled()).isEqualTo(1);
        assertThat(f.skipped()).isEqualTo(1);
        assertThat(f.reRuns()).isEqualTo(1);
        assertThat(f.successRate()).isEqualTo(0.2857);
        assertThat(f.failureRate()).isEqualTo(0.4286);
        assertThat(f.cancelledRate()).isEqualTo(0.1429);
        assertThat(f.skippedRate()).isEqualTo(0.1429);
        assertThat(f.jobs()).isEqualTo(9);
        assertThat(f.jobMs()).isEqualTo(1_537_000);
        assertThat(f.billableMinutes()).isEqualTo(30);
        // 6 × 0.006 + 3 × 0.010 + 10 × 0.022 + 5 × 0 + 4 × 0.062 + 2 × 0.102 = 0.738
        assertThat(f.cost()).isEqualByComparingTo("0.74");
        // failed runs: run 1 attempt 1 (3 min linux) and run 2 (3 min windows) = 0.018 + 0.030
        assertThat(f.failedBillableMinutes()).isEqualTo(6);
        assertThat(f.failedCost()).isEqualByComparingTo("0.05");
    }

    @Test
    void billingByRunnerFromLabels() {
        assertThat(report(null).billing()).extracting(b -> b.runner() + " " + b.jobs() + " " + b.billableMinutes() + " "
                + b.cost().toPlainString()).containsExactly(
                        "macos 1 4 0.25", "linux-8-core 1 10 0.22", "macos-xlarge 1 2 0.20", "linux 4 6 0.04",
                        "windows 1 3 0.03", "self-hosted 1 5 0.00");
    }

    @Test
    void pricesFromConfigReplaceTheDefaults() {
        Prices p = Prices.from(dev.zerofail.core.ConfigNode.parse("zerofail.yaml", "prices:\n  linux: 0.5\n"));
        RunsReportResult r = new RunsReport(store, p, CauseClassifier.builtIn()).run(new RunsReport.Query(null, null, null),
                "test");
        // linux: 6 min × 0.5 = 3.00 instead of 0.036
        assertThat(r.totals().cost()).isEqualByComparingTo("3.70");
        assertThat(r.totals().failedCost()).isEqualByComparingTo("1.53");
    }

    @Test
    void flakyCommitsAndTheMostWastefulWorkflows() {
        RunsReportResult r = report(null);
        assertThat(r.flaky()).singleElement().satisfies(x -> {
            assertThat(x.workflow()).isEqualTo("CI");
            assertThat(x.commits()).isEqualTo(1);
            assertThat(x.reRuns()).isEqualTo(1);
            assertThat(x.exampleUrl()).endsWith("/runs/1/attempts/2");
        });
        assertThat(r.wasteful()).extracting(w -> w.workflow() + " " + w.failed() + "/" + w.runs() + " " + w.failureRate()
                + " " + w.failedBillableMinutes() + " " + w.failedCost().toPlainString()).containsExactly(
                        "Deploy 1/2 1.0 3 0.03", "CI 1/4 0.25 3 0.02", "Nightly 1/1 1.0 0 0.00");
    }

    @Test
    void causesOfEveryFailedJobWithExamples() {
        RunsReportResult r = report(null);
        // three failed runs: job 11 (failure, no steps, no log: no evidence), job 21 (timed_out), run 6 (no jobs)
        assertThat(r.causes().stream().mapToInt(RunsReportResult.CauseCount::jobs).sum()).isEqualTo(3);
        assertThat(r.causes()).filteredOn(c -> c.cause().equals("timeout")).singleElement().satisfies(c -> {
            assertThat(c.jobs()).isEqualTo(1);
            assertThat(c.examples()).singleElement().satisfies(e -> {
                assertThat(e.url()).endsWith("/runs/2/job/21");
                assertThat(e.job()).isEqualTo("deploy");
            });
        });
        assertThat(r.causes()).filteredOn(c -> c.cause().equals("unknown")).singleElement()
                .satisfies(c -> assertThat(c.examples()).extracting(RunsReportResult.Example::job).contains("test"));
    }

    @Test
    void groupsByWeekWorkflowBranchAndCause() {
        assertThat(report(RunsReport.By.WEEK).groups()).extracting(g -> g.key() + " " + g.figures().runs() + " "
                + g.figures().failed() + " " + g.figures().billableMinutes()).containsExactly(
                        "2026-11-02 3 2 9", "2026-11-09 5 1 21");
        assertThat(report(RunsReport.By.BRANCH).groups()).extracting(g -> g.key() + " " + g.figures().runs())
                .containsExactly("feature 1", "main 7");
        assertThat(report(RunsReport.By.WORKFLOW).groups()).extracting(g -> g.key() + " " + g.figures().runs() + " "
                + g.figures().cost().toPlainString()).containsExactly("CI 4 0.26", "Deploy 2 0.03", "Nightly 1 0.00",
                        "Release 1 0.45");
        List<String> byCause = new ArrayList<>();
        report(RunsReport.By.CAUSE).groups().forEach(g -> byCause.add(g.key() + " " + g.figures().runs()));
        assertThat(byCause).contains("(not failed) 5", "timeout 1");
    }

    @Test
    void jobTimesMostBillableFirst() {
        assertThat(report(null).jobs()).extracting(j -> j.workflow() + "/" + j.job() + " " + j.runs() + " " + j.meanMs()
                + " " + j.billableMinutes()).startsWith("CI/test 3 250333 14", "Deploy/deploy 2 212500 8");
    }

    @Test
    void pushToDeployNeedsDeployRecordsWithCommits() throws Exception {
        assertThat(report(null).pushToDeploy().skippedReason()).isEqualTo("no successful deploy records a commit");
        try (Connection c = history.dataSource().getConnection(); Statement st = c.createStatement()) {
            insertDeploy(st, "A", "2026-11-02T11:00:00Z", "SUCCEEDED");
            insertDeploy(st, "C", "2026-11-11T08:30:00Z", "SUCCEEDED");
            insertDeploy(st, "Z", "2026-11-12T08:30:00Z", "SUCCEEDED");
            insertDeploy(st, "B", "2026-11-12T08:30:00Z", "ROLLED_BACK");
        }
        RunsReportResult.PushToDeploy p = report(null).pushToDeploy();
        // A: first push run 10:00 → 11:00 = 1 h; C: first push run 2026-11-10T12:00 → 2026-11-11T08:30 = 20 h 30 m
        assertThat(p.deploys()).isEqualTo(3);
        assertThat(p.matched()).isEqualTo(2);
        assertThat(p.medianMs()).isEqualTo((3_600_000L + 73_800_000L) / 2);
        assertThat(p.meanMs()).isEqualTo(38_700_000L);
        assertThat(p.skippedReason()).isNull();
    }

    private static void insertDeploy(Statement st, String sha, String finished, String state) throws Exception {
        long at = Instant.parse(finished).toEpochMilli();
        st.execute("INSERT INTO deployments (environment, service, kind, state, actor, started_at_ms, finished_at_ms, "
                + "commit_sha) VALUES ('prod', 'api', 'DEPLOY', '" + state + "', 'ci', " + (at - 60_000) + ", " + at + ", '"
                + sha + "')");
    }

    @Test
    void filtersByRepositoryAndSince() {
        RunsReportResult r = new RunsReport(store, Prices.defaults(), CauseClassifier.builtIn())
                .run(new RunsReport.Query(REPO, t("2026-11-10T00:00:00Z"), null), "test");
        assertThat(r.totals().runs()).isEqualTo(5);
        assertThat(r.totals().jobs()).isEqualTo(4);
        assertThat(new RunsReport(store, Prices.defaults(), CauseClassifier.builtIn())
                .run(new RunsReport.Query("other/repo", null, null), "test").totals().runs()).isZero();
    }
}
