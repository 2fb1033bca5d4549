package dev.zerofail.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.AuditSnapshot;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcSnapshotStore;
import dev.zerofail.runs.CiRun;
import dev.zerofail.runs.JdbcRunStore;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.timeline.TimelineResult.Week;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timeline's figures against answers worked out by hand, in Europe/Berlin across the end of summer time
 * (Sunday 2026-10-25, 03:00 CEST becomes 02:00 CET): weeks W42 to W45 of 2026, the last partial. A Berlin week
 * starts at Monday midnight there, which is Sunday 22:00 UTC before the change and 23:00 UTC after it, so W43
 * is 169 hours long. Runs on SQLite ({@code TimelineTest}) and on PostgreSQL ({@code PostgresTimelineIT}).
 */
public abstract class TimelineContract {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant AT = t("2026-11-04T12:00:00Z"); // Wednesday of W45
    static final TimelineResult.Thresholds THRESHOLDS = new TimelineResult.Thresholds(95, 300_000, 5, 0, 0, 0);

    protected HistoryStore history;

    static Instant t(String s) {
        return Instant.parse(s);
    }

    /** A new, empty history store. */
    protected abstract HistoryStore open();

    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void setUp() {
        history = open();
    }

    @AfterEach
    void tearDown() throws Exception {
        history.close();
        dropDatabase();
    }

    private void deploy(String env, String service, DeployKind kind, String at, DeployState state, int seconds) {
        Instant start = t(at);
        long id = history.start(new Deployment(0, env, service, kind, null, "ci", null, null, service + ":2", null,
                null, null, null, null, null, start, null, null, null, false));
        history.finish(id, state, state == DeployState.SUCCEEDED ? 0 : 4, null, null, start.plusSeconds(seconds));
    }

    private void snapshot(String env, String at, int placeholders, int workflows, int compose, int manual) {
        new JdbcSnapshotStore(history.dataSource()).save(new AuditSnapshot(null, t(at), env, "test", false, placeholders,
                1, workflows, compose, manual, 9, 2, List.of(new AuditSnapshot.CheckVerdict("scan.no-placeholders",
                        placeholders == 0, true))));
    }

    private static CiRun run(long id, String created, String status, String conclusion) {
        return new CiRun("acme/platform", id, 1, id, 1L, "CI", "push", "main", "sha" + id, status, conclusion,
                t(created), t(created), t(created), null);
    }

    private void seed() {
        // before the first week: never counted
        deploy("prod", "api", DeployKind.DEPLOY, "2026-10-05T10:00:00Z", DeployState.ROLLED_BACK, 10);
        // W42 (Mon 12 Oct to Sun 18 Oct): 2 of 2 succeed, mean (60 + 120) / 2 = 90 s
        deploy("prod", "api", DeployKind.DEPLOY, "2026-10-13T09:00:00Z", DeployState.SUCCEEDED, 60);
        deploy("prod", "api", DeployKind.DEPLOY, "2026-10-18T21:30:00Z", DeployState.SUCCEEDED, 120); // Sun 23:30 CEST
        // W43: Sunday 22:30 UTC is Monday 00:30 in Berlin, so this is W43, not W42 as in UTC
        deploy("prod", "api", DeployKind.DEPLOY, "2026-10-18T22:30:00Z", DeployState.SUCCEEDED, 200);
        deploy("prod", "api", DeployKind.DEPLOY, "2026-10-20T09:00:00Z", DeployState.ROLLED_BACK, 50);
        // after the change: Sunday 22:30 UTC is Sunday 23:30 CET, still W43
        deploy("prod", "web", DeployKind.DEPLOY, "2026-10-25T22:30:00Z", DeployState.SUCCEEDED, 100);
        // W43: 2 of 3 succeed; mean of the succeeded (200 + 100) / 2 = 150 s; 1 rollback (the rolled-back deploy)
        // W44: 23:30 UTC on Sunday 25 Oct is Monday 00:30 CET; a failed pre-flight is an attempt, never a success
        deploy("prod", "api", DeployKind.DEPLOY, "2026-10-25T23:30:00Z", DeployState.FAILED_PREFLIGHT, 5);
        // succeeded, then rolled back by hand an hour later: not a success, but its time counts in the mean
        deploy("prod", "web", DeployKind.DEPLOY, "2026-10-27T10:00:00Z", DeployState.SUCCEEDED, 240);
        deploy("prod", "web", DeployKind.ROLLBACK, "2026-10-27T11:00:00Z", DeployState.SUCCEEDED, 30);
        // never counted: a drill, a no-op rollback, another environment
        deploy("prod", "web", DeployKind.DRILL, "2026-10-28T10:00:00Z", DeployState.ROLLED_BACK, 30);
        deploy("prod", "web", DeployKind.ROLLBACK, "2026-10-28T12:00:00Z", DeployState.NOOP, 1);
        deploy("staging", "web", DeployKind.DEPLOY, "2026-10-28T10:00:00Z", DeployState.ROLLED_BACK, 30);
        // W44: 0 of 2 succeed; mean 240 s; 1 rollback (by hand). W45: nothing yet.

        snapshot("prod", "2026-10-13T08:00:00Z", 5, 12, 4, 3);
        snapshot("prod", "2026-10-17T08:00:00Z", 4, 10, 4, 2);   // W42's latest
        snapshot("staging", "2026-10-21T08:00:00Z", 9, 9, 9, 9); // another environment: W43 has none
        snapshot("prod", "2026-11-01T22:30:00Z", 1, 6, 2, 1);    // Sunday 23:30 CET: W44
        snapshot("prod", "2026-11-02T08:00:00Z", 0, 5, 1, 0);    // W45

        new JdbcRunStore(history.dataSource()).save(List.of(
                run(1, "2026-10-12T08:00:00Z", "completed", "success"),
                run(2, "2026-10-14T08:00:00Z", "completed", "failure"),
                run(3, "2026-10-15T08:00:00Z", "completed", "cancelled"),       // W42: 1 failure of 3 completed
                run(4, "2026-10-18T22:10:00Z", "completed", "timed_out"),       // Monday 00:10 in Berlin: W43
                run(5, "2026-10-21T08:00:00Z", "completed", "success"),
                run(6, "2026-10-22T08:00:00Z", "in_progress", null),            // W43: 1 of 2 completed
                run(7, "2026-11-03T08:00:00Z", "completed", "startup_failure"), // W45: 1 of 1
                run(8, "2026-11-05T08:00:00Z", "completed", "failure")), List.of()); // after AT: no week
    }

    private TimelineResult compute(int weeks) {
        return Timeline.compute(history, "db", new Timeline.Query("prod", null, AT, weeks, null, BERLIN),
                StatsConfig.defaults(), THRESHOLDS);
    }

    @Test
    void weeksInBerlinAcrossTheEndOfSummerTime() {
        List<Timeline.WeekBounds> weeks = Timeline.weeks(new Timeline.Query("prod", null, AT, 4, null, BERLIN));
        assertThat(weeks).extracting(Timeline.WeekBounds::label).containsExactly("2026-W42", "2026-W43", "2026-W44", "2026-W45");
        assertThat(weeks.get(1).from()).isEqualTo(t("2026-10-18T22:00:00Z"));
        assertThat(weeks.get(1).to()).isEqualTo(t("2026-10-25T23:00:00Z"));
        assertThat(Duration.between(weeks.get(1).from(), weeks.get(1).to())).isEqualTo(Duration.ofHours(169));
        assertThat(Duration.between(weeks.get(2).from(), weeks.get(2).to())).isEqualTo(Duration.ofHours(168));
        assertThat(weeks.get(3).to()).isEqualTo(AT);
        assertThat(weeks).extracting(Timeline.WeekBounds::partial).containsExactly(false, false, false, true);
    }

    @Test
    void deployFiguresPerWeek() {
        seed();
        List<Week> w = compute(4).weeks();
        assertThat(w).extracting(Week::week).containsExactly("2026-W42", "2026-W43", "2026-W44", "2026-W45");
        assertThat(w).extracting(Week::start).containsExactly("2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02");
        assertThat(w).extracting(Week::deployAttempts).containsExactly(2, 3, 2, 0);
        assertThat(w).extracting(Week::deploySuccesses).containsExactly(2, 2, 0, 0);
        assertThat(w.get(0).deploySuccessRate()).isEqualTo(1.0);
        assertThat(w.get(1).deploySuccessRate()).isEqualTo(2.0 / 3);
        assertThat(w.get(2).deploySuccessRate()).isEqualTo(0.0);
        assertThat(w.get(3).deploySuccessRate()).isNull();
        assertThat(w).extracting(Week::deployTimeMeanMs).containsExactly(90_000L, 150_000L, 240_000L, null);
        assertThat(w).extracting(Week::rollbacks).containsExactly(0, 1, 1, 0);
    }

    @Test
    void latestSnapshotOfEachWeekAndNullWithoutOne() {
        seed();
        List<Week> w = compute(4).weeks();
        assertThat(w).extracting(Week::placeholderSecrets).containsExactly(4, null, 1, 0);
        assertThat(w).extracting(Week::activeWorkflows).containsExactly(10, null, 6, 5);
        assertThat(w).extracting(Week::composeFiles).containsExactly(4, null, 2, 1);
        assertThat(w).extracting(Week::manualSteps).containsExactly(2, null, 1, 0);
        assertThat(w).extracting(Week::hardcodedSecrets).containsExactly(1, null, 1, 1);
        assertThat(w).extracting(Week::auditAt).containsExactly(t("2026-10-17T08:00:00Z"), null,
                t("2026-11-01T22:30:00Z"), t("2026-11-02T08:00:00Z"));
    }

    @Test
    void ciFailureRatePerWeek() {
        seed();
        List<Week> w = compute(4).weeks();
        assertThat(w).extracting(Week::ciRuns).containsExactly(3, 2, 0, 1);
        assertThat(w).extracting(Week::ciFailures).containsExactly(1, 1, 0, 1);
        assertThat(w).extracting(Week::ciFailureRate).containsExactly(1.0 / 3, 0.5, null, 1.0);
    }

    @Test
    void moreWeeksThanHistoryAreEmptyNotZero() {
        seed();
        TimelineResult r = compute(6);
        assertThat(r.weeks()).hasSize(6);
        Week first = r.weeks().get(0); // W40: nothing at all
        assertThat(first.week()).isEqualTo("2026-W40");
        assertThat(first.deployAttempts()).isZero();
        assertThat(first.deploySuccessRate()).isNull();
        assertThat(first.deployTimeMeanMs()).isNull();
        assertThat(first.placeholderSecrets()).isNull();
        assertThat(first.ciFailureRate()).isNull();
        // the 5 October deploy is W41's
        assertThat(r.weeks().get(1).deployAttempts()).isEqualTo(1);
    }

    @Test
    void sinceStartsAtTheWeekOfThatDay() {
        seed();
        TimelineResult r = Timeline.compute(history, "db", new Timeline.Query("prod", null, AT, 1,
                java.time.LocalDate.parse("2026-10-21"), BERLIN), StatsConfig.defaults(), THRESHOLDS);
        assertThat(r.weeks()).extracting(Week::week).containsExactly("2026-W43", "2026-W44", "2026-W45");
    }

    @Test
    void anEmptyStoreHasWeeksWithoutFigures() {
        TimelineResult r = compute(3);
        assertThat(r.databaseExists()).isTrue();
        assertThat(r.weeks()).hasSize(3).allSatisfy(w -> {
            assertThat(w.deployAttempts()).isZero();
            assertThat(w.rollbacks()).isZero();
            assertThat(w.deploySuccessRate()).isNull();
            assertThat(w.auditAt()).isNull();
            assertThat(w.activeWorkflows()).isNull();
            assertThat(w.ciFailureRate()).isNull();
        });
    }

    @Test
    void snapshotsRoundTripWithTheirChecks() {
        JdbcSnapshotStore store = new JdbcSnapshotStore(history.dataSource());
        List<AuditSnapshot.CheckVerdict> checks = new ArrayList<>(List.of(
                new AuditSnapshot.CheckVerdict("deploys.success-rate", false, false),
                new AuditSnapshot.CheckVerdict("scan.no-placeholders", true, true),
                new AuditSnapshot.CheckVerdict("workflows.count", false, true)));
        long id = store.save(new AuditSnapshot(null, t("2026-10-13T08:00:00Z"), "prod", "1.2.3", true, 3, 1, 7, 2, 4,
                11, 5, checks));
        store.save(new AuditSnapshot(null, t("2026-10-14T08:00:00Z"), "prod", "1.2.3", false, 0, 0, 0, 0, 0, 0, 0,
                List.of()));
        List<AuditSnapshot> read = store.between("prod", t("2026-10-13T00:00:00Z"), t("2026-10-15T00:00:00Z"));
        assertThat(read).hasSize(2);
        assertThat(read.get(0)).isEqualTo(new AuditSnapshot(id, t("2026-10-13T08:00:00Z"), "prod", "1.2.3", true, 3, 1,
                7, 2, 4, 11, 5, checks));
        assertThat(read.get(1).checks()).isEmpty();
        assertThat(store.between("prod", t("2026-10-13T08:00:00.001Z"), t("2026-10-14T08:00:00Z"))).isEmpty();
        assertThat(store.between("staging", t("2026-10-01T00:00:00Z"), t("2026-11-01T00:00:00Z"))).isEmpty();
    }
}
