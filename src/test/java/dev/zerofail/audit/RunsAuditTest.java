package dev.zerofail.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Scorecard;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.CiJob;
import dev.zerofail.runs.CiRun;
import dev.zerofail.runs.CiStep;
import dev.zerofail.runs.JdbcRunStore;
import dev.zerofail.runs.Prices;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI runs section over a hand-made history (audit at 2026-11-10T12:00Z, window 30 days: runs created
 * from 2026-10-11T12:00Z), every job on ubuntu-latest (Linux, $0.006 a minute):
 * <pre>
 * 6 successful runs, one 2-minute job each                  2 billable minutes each
 * 2 failed runs, job failed at step "Run tests", 90 s each   test_failure, 2 billable minutes each
 * 1 failed run, job failed at step "Run ESLint", 90 s        lint, 2 billable minutes
 * 1 cancelled run, 1 run still in progress                   completed: 10 (the cancelled one counts, the running one not)
 * 1 failed run on 2026-10-01                                 before the window: not counted
 * </pre>
 * Failure rate 3/10 = 30% (over 10%); failed billable minutes 3 × 2 = 6, cost 6 × 0.006 = $0.036 → $0.04;
 * top cause test_failure, 2 of 3 failed jobs.
 */
class RunsAuditTest {
    static final Instant AT = Instant.parse("2026-11-10T12:00:00Z");
    @TempDir
    Path dir;
    HistoryStore store;
    final List<CiRun> runs = new ArrayList<>();
    final List<CiJob> jobs = new ArrayList<>();

    @BeforeEach
    void open() {
        store = HistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void figuresAndVerdictsMatchTheHandComputedHistory() {
        for (int i = 0; i < 6; i++) {
            run("success", "2026-11-0" + (i + 1) + "T10:00:00Z", "Build", 120);
        }
        run("failure", "2026-11-07T10:00:00Z", "Run tests", 90);
        run("failure", "2026-11-08T10:00:00Z", "Run tests", 90);
        run("failure", "2026-11-09T10:00:00Z", "Run ESLint", 90);
        run("cancelled", "2026-11-09T11:00:00Z", null, 0);
        runs.add(new CiRun("acme/app", 99, 1, 99L, 1L, "ci", "push", "main", "sha99", "in_progress", null,
                Instant.parse("2026-11-10T11:00:00Z"), null, null, "https://github.com/acme/app/actions/runs/99"));
        run("failure", "2026-10-01T10:00:00Z", "Run tests", 600);
        new JdbcRunStore(store.dataSource()).save(runs, jobs);

        RunsAudit.RunsFigures f = RunsAudit.measure(store, "db", Prices.defaults(), AuditConfig.defaults(), AT);
        assertThat(f.runs()).isEqualTo(11);
        assertThat(f.completed()).isEqualTo(10);
        assertThat(f.failed()).isEqualTo(3);
        assertThat(f.failureRate()).isEqualTo(0.3);
        assertThat(f.failedBillableMinutes()).isEqualTo(6);
        assertThat(f.failedCost()).isEqualByComparingTo(new BigDecimal("0.04"));
        assertThat(f.failedJobs()).isEqualTo(3);
        assertThat(f.topCause()).isEqualTo("test_failure");
        assertThat(f.topCauseJobs()).isEqualTo(2);
        assertThat(f.topCauseExample()).startsWith("https://github.com/acme/app/actions/runs/");

        Map<String, Scorecard.Check> c = checks(RunsAudit.section(f, AuditConfig.defaults()));
        assertThat(c.get("runs.failure-rate").passed()).isFalse();
        assertThat(c.get("runs.failure-rate").detail()).isEqualTo("30% of 10 completed run(s) failed (3)");
        assertThat(c.get("runs.waste").passed()).as("no limit by default: the figure only").isTrue();
        assertThat(c.get("runs.waste").detail()).isEqualTo("$0.04, 6 billable minute(s) on 3 failed run(s)");
        assertThat(c.get("runs.top-cause").passed()).isTrue();
        assertThat(c.get("runs.top-cause").detail()).startsWith("test_failure: 2 of 3 failed job(s)");

        AuditConfig strict = config("ci-failure-rate: 30\nci-waste: 0.03\n");
        Map<String, Scorecard.Check> s = checks(RunsAudit.section(f, strict));
        assertThat(s.get("runs.failure-rate").passed()).as("30% is at most 30%").isTrue();
        assertThat(s.get("runs.waste").passed()).as("$0.04 is over $0.03").isFalse();
        assertThat(s.get("runs.waste").description()).contains("$0.03");
        assertThat(checks(RunsAudit.section(f, config("ci-failure-rate: 29.9\nci-waste: 0.04\n")))).satisfies(m -> {
            assertThat(m.get("runs.failure-rate").passed()).isFalse();
            assertThat(m.get("runs.waste").passed()).isTrue();
        });
    }

    @Test
    void aCauseNobodyKnowsFailsTheTopCauseCheckWithTheFixThatKeepsLogs() {
        run("success", "2026-11-01T10:00:00Z", "Build", 60);
        run("failure", "2026-11-02T10:00:00Z", null, 60);
        new JdbcRunStore(store.dataSource()).save(runs, jobs);
        RunsAudit.RunsFigures f = RunsAudit.measure(store, "db", Prices.defaults(), AuditConfig.defaults(), AT);
        assertThat(f.topCause()).isEqualTo("unknown");
        Scorecard.Check top = checks(RunsAudit.section(f, AuditConfig.defaults())).get("runs.top-cause");
        assertThat(top.passed()).isFalse();
        assertThat(top.fix()).contains("--logs");
    }

    @Test
    void noRunImportedIsNotMeasuredNeverAFailure() {
        RunsAudit.RunsFigures empty = RunsAudit.measure(store, "db", Prices.defaults(), AuditConfig.defaults(), AT);
        RunsAudit.RunsFigures none = RunsAudit.none("sqlite:.zerofail/history.db", AuditConfig.defaults());
        for (RunsAudit.RunsFigures f : List.of(empty, none)) {
            Scorecard.Section s = RunsAudit.section(f, AuditConfig.defaults());
            assertThat(s.checks()).hasSize(3).allSatisfy(c -> {
                assertThat(c.wasMeasured()).isFalse();
                assertThat(c.fix()).contains("zerofail runs import");
            });
            assertThat(s.passed()).isTrue();
            assertThat(s.unmeasured()).isTrue();
        }
        assertThat(RunsAudit.section(none, AuditConfig.defaults()).checks().get(0).detail()).contains("no CI history in");
        assertThat(RunsAudit.section(empty, AuditConfig.defaults()).checks().get(0).detail())
                .contains("no CI run imported for the last 30 days");
    }

    private void run(String conclusion, String created, String failedStep, int jobSeconds) {
        long id = runs.size() + 1;
        Instant at = Instant.parse(created);
        String url = "https://github.com/acme/app/actions/runs/" + id;
        runs.add(new CiRun("acme/app", id, 1, id, 1L, "ci", "push", "main", "sha" + id, "completed", conclusion, at, at,
                at.plusSeconds(jobSeconds), url));
        if (jobSeconds > 0) {
            String jobConclusion = conclusion.equals("success") ? "success" : "failure";
            List<CiStep> steps = failedStep == null ? List.of()
                    : List.of(new CiStep(failedStep, "completed", jobConclusion, 1, at, at.plusSeconds(jobSeconds)));
            jobs.add(new CiJob("acme/app", 1000 + id, id, 1, "build", "completed", jobConclusion, at,
                    at.plus(Duration.ofSeconds(jobSeconds)), List.of("ubuntu-latest"), "runner", steps, url + "/job/" + id));
        }
    }

    private static AuditConfig config(String yaml) {
        return AuditConfig.from(ConfigNode.parse("zerofail.yaml", yaml));
    }

    private static Map<String, Scorecard.Check> checks(Scorecard.Section s) {
        return s.checks().stream().collect(Collectors.toMap(Scorecard.Check::id, Function.identity()));
    }
}
