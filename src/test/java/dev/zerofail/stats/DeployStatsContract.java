package dev.zerofail.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.StatsResult.Day;
import dev.zerofail.stats.StatsResult.Scope;
import dev.zerofail.stats.StatsResult.Window;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One history with every answer worked out by hand below, run on SQLite ({@code DeployStatsTest}) and
 * the real PostgreSQL ({@code PostgresDeployStatsIT}). Calendar days are Europe/Berlin's, across the end
 * of summer time (2026-10-25 03:00 CEST → 02:00 CET: that day has 25 hours and ends at 23:00 UTC).
 *
 * <pre>
 * prod, UTC times                                     Berlin day  counted as
 * #1  api    DEPLOY Oct21 21:30–21:35 ROLLED_BACK       Oct 21    30d only (7d starts Oct21 22:00Z); failure
 * #2  api    DEPLOY Oct22 08:00–08:02 SUCCEEDED 120s    Oct 22    recovers #1 after 10h27m; rework (after #1)
 * #3  api    DEPLOY Oct22 10:00–10:05 ROLLED_BACK       Oct 22    failure
 * #4  api    DEPLOY Oct22 11:00–11:03 SUCCEEDED 180s    Oct 22    recovers #3 after 58m; rework
 * #5  worker DEPLOY Oct22 12:00–12:10 ROLLBACK_FAILED   Oct 22    failure, never recovered
 * #6  api    DEPLOY Oct24 08:00       FAILED_PREFLIGHT  Oct 24    attempt, not a deployment
 * #7  web    DEPLOY Oct24 23:30–23:31 SUCCEEDED 60s     Oct 25    rolled back at Oct25 02:00 (within 24h): failure
 *     web    ROLLBACK Oct25 02:00–02:02                 Oct 25    a rollback, not a deployment
 * #8  web    DEPLOY Oct25 22:30–22:35 SUCCEEDED 300s    Oct 25    (23:30 CET; a fixed 24 h day would put it on Oct 26)
 *                                                                 recovers #7 after 20h35m; rework
 * #9  api    DEPLOY Oct26 09:00–09:03:20 SUCCEEDED 200s Oct 26    commit Oct25 09:00: lead 24h03m20s
 *     api    ROLLBACK Oct27 10:00                       Oct 27    24h56m40s after #9: not within 24h
 * #10 web    EMERGENCY Oct26 15:00–15:00:30 SUCCEEDED   Oct 26    rework
 * #11 api    DEPLOY Oct28 09:00–09:01:40 SUCCEEDED 100s Oct 28    commit Oct28 07:00: lead 2h01m40s
 * never counted: a NOOP, a RUNNING deploy, a DRILL, a staging deploy
 * </pre>
 */
public abstract class DeployStatsContract {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Instant AT = Instant.parse("2026-10-28T12:00:00Z");
    protected HistoryStore store;

    protected abstract HistoryStore open();

    protected void dropDatabase() throws Exception {
    }

    @BeforeEach
    void history() {
        store = open();
        row("prod", "api", "DEPLOY", "ROLLED_BACK", "2026-10-21T21:30:00Z", "2026-10-21T21:35:00Z", null);
        row("prod", "api", "DEPLOY", "SUCCEEDED", "2026-10-22T08:00:00Z", "2026-10-22T08:02:00Z", null);
        row("prod", "api", "DEPLOY", "ROLLED_BACK", "2026-10-22T10:00:00Z", "2026-10-22T10:05:00Z", null);
        row("prod", "api", "DEPLOY", "SUCCEEDED", "2026-10-22T11:00:00Z", "2026-10-22T11:03:00Z", null);
        row("prod", "worker", "DEPLOY", "ROLLBACK_FAILED", "2026-10-22T12:00:00Z", "2026-10-22T12:10:00Z", null);
        row("prod", "api", "DEPLOY", "FAILED_PREFLIGHT", "2026-10-24T08:00:00Z", "2026-10-24T08:00:05Z", null);
        row("prod", "web", "DEPLOY", "SUCCEEDED", "2026-10-24T23:30:00Z", "2026-10-24T23:31:00Z", null);
        row("prod", "web", "ROLLBACK", "SUCCEEDED", "2026-10-25T02:00:00Z", "2026-10-25T02:02:00Z", null);
        row("prod", "web", "DEPLOY", "SUCCEEDED", "2026-10-25T22:30:00Z", "2026-10-25T22:35:00Z", null);
        row("prod", "api", "DEPLOY", "SUCCEEDED", "2026-10-26T09:00:00Z", "2026-10-26T09:03:20Z", "2026-10-25T09:00:00Z");
        row("prod", "api", "ROLLBACK", "SUCCEEDED", "2026-10-27T10:00:00Z", "2026-10-27T10:01:00Z", null);
        row("prod", "web", "EMERGENCY", "SUCCEEDED", "2026-10-26T15:00:00Z", "2026-10-26T15:00:30Z", null);
        row("prod", "api", "DEPLOY", "SUCCEEDED", "2026-10-28T09:00:00Z", "2026-10-28T09:01:40Z", "2026-10-28T07:00:00Z");
        row("prod", "api", "DEPLOY", "NOOP", "2026-10-26T12:00:00Z", "2026-10-26T12:00:01Z", null);
        row("prod", "api", "DEPLOY", "RUNNING", "2026-10-28T11:00:00Z", null, null);
        row("prod", "web", "DRILL", "ROLLED_BACK", "2026-10-28T10:00:00Z", "2026-10-28T10:03:00Z", null);
        row("staging", "api", "DEPLOY", "ROLLED_BACK", "2026-10-26T10:00:00Z", "2026-10-26T10:05:00Z", null);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        dropDatabase();
    }

    /** Straight into the table: a DRILL is a kind this build's enum does not know. */
    void row(String env, String service, String kind, String state, String started, String finished, String commitAt) {
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployments (environment, service, kind, state, "
                    + "actor, started_at_ms, finished_at_ms, emergency, commit_sha, commit_at_ms) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                ps.setString(1, env);
                ps.setString(2, service);
                ps.setString(3, kind);
                ps.setString(4, state);
                ps.setString(5, "test");
                ps.setLong(6, Instant.parse(started).toEpochMilli());
                if (finished == null) {
                    ps.setNull(7, Types.BIGINT);
                } else {
                    ps.setLong(7, Instant.parse(finished).toEpochMilli());
                }
                ps.setInt(8, kind.equals("EMERGENCY") ? 1 : 0);
                if (commitAt == null) {
                    ps.setNull(9, Types.VARCHAR);
                    ps.setNull(10, Types.BIGINT);
                } else {
                    ps.setString(9, "0123456789abcdef0123456789abcdef01234567");
                    ps.setLong(10, Instant.parse(commitAt).toEpochMilli());
                }
                return ps.executeUpdate();
            }
        });
    }

    static StatsConfig config(Duration rollbackWithin) {
        StatsConfig d = StatsConfig.defaults();
        return new StatsConfig(BERLIN, "prod", List.of(7, 30), rollbackWithin, 95, 7, d.thresholds());
    }

    StatsResult stats(String service, Duration rollbackWithin) {
        return DeployStats.compute(store, new StatsQuery("prod", service, AT, config(rollbackWithin)), "test");
    }

    static Window window(Scope s, int days) {
        return s.windows().stream().filter(w -> w.days() == days).findFirst().orElseThrow();
    }

    @Test
    void sevenDaysOfAllServices() {
        Window w = window(stats(null, Duration.ofHours(24)).all(), 7);
        assertThat(w.from()).isEqualTo(Instant.parse("2026-10-21T22:00:00Z")); // Oct 22 00:00 CEST
        assertThat(w.to()).isEqualTo(AT);
        assertThat(w.attempts()).isEqualTo(10);
        assertThat(w.deployments()).isEqualTo(9); // the failed pre-flight changed nothing
        assertThat(w.successes()).isEqualTo(6); // #2 #4 #8 #9 #10 #11; #7 was rolled back
        assertThat(w.successRate()).isEqualTo(0.6);
        assertThat(w.changeFailures()).isEqualTo(3); // #3 #5 #7
        assertThat(w.changeFailRate()).isCloseTo(3.0 / 9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w.changeFailRateClass()).isEqualTo(DoraClass.LOW);
        assertThat(w.deploymentDays()).isEqualTo(4); // Oct 22, 25, 26, 28
        assertThat(w.deploymentFrequencyPerWeek()).isEqualTo(4.0);
        assertThat(w.deploymentFrequencyClass()).isEqualTo(DoraClass.HIGH);
        assertThat(w.rework()).isEqualTo(4); // #2 #4 #8 #10
        assertThat(w.reworkRate()).isCloseTo(4.0 / 9, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w.succeeded()).isEqualTo(7);
        assertThat(w.deployTimeMeanMs()).isEqualTo(Math.round(990_000 / 7.0)); // 120+180+60+300+200+30+100 s
        assertThat(w.deployTimeP90Ms()).isEqualTo(300_000); // 7th of 7
        assertThat(w.recovered()).isEqualTo(2);
        assertThat(w.unrecovered()).isEqualTo(1); // worker
        assertThat(w.recoveryMedianMs()).isEqualTo(Duration.ofMinutes(58).toMillis());
        assertThat(w.recoveryMeanMs()).isEqualTo((Duration.ofMinutes(58).toMillis() + Duration.parse("PT20H35M").toMillis()) / 2);
        assertThat(w.recoveryClass()).isEqualTo(DoraClass.ELITE);
        assertThat(w.leadTimeDeployments()).isEqualTo(2);
        assertThat(w.leadTimeMedianMs()).isEqualTo(Duration.parse("PT2H1M40S").toMillis());
        assertThat(w.leadTimeClass()).isEqualTo(DoraClass.ELITE);
        assertThat(w.leadTimeOmitted()).isNull();
    }

    @Test
    void calendarDaysInTheZoneAcrossTheDstChange() {
        Window w = window(stats(null, Duration.ofHours(24)).all(), 7);
        assertThat(w.daily()).extracting(Day::date).containsExactly("2026-10-22", "2026-10-23", "2026-10-24",
                "2026-10-25", "2026-10-26", "2026-10-27", "2026-10-28");
        assertThat(w.daily()).extracting(Day::attempts).containsExactly(4, 0, 1, 2, 2, 0, 1);
        assertThat(w.daily()).extracting(Day::successes).containsExactly(2, 0, 0, 1, 2, 0, 1);
        assertThat(w.daily()).extracting(Day::deployments).containsExactly(4, 0, 0, 2, 2, 0, 1);
        assertThat(w.daily()).extracting(Day::metTarget).containsExactly(false, null, false, false, true, null, true);
        assertThat(w.daily().get(1).successRate()).isNull();
        assertThat(w.daily().stream().mapToInt(Day::attempts).sum()).isEqualTo(w.attempts());
    }

    @Test
    void streakSkipsDaysWithoutDeploysAndRestartsAfterAFailingDay() {
        StatsResult.Streak s = stats(null, Duration.ofHours(24)).all().streak();
        assertThat(s.days()).isEqualTo(2); // Oct 28 and Oct 26; Oct 25 was at 50 %
        assertThat(s.since()).isEqualTo("2026-10-26");
        assertThat(s.emptyDaysSkipped()).isEqualTo(1); // Oct 27
        assertThat(s.met()).isFalse();
        assertThat(s.requiredDays()).isEqualTo(7);
        assertThat(s.capped()).isFalse();
        assertThat(s.emptyDays()).isEqualTo(StatsResult.EmptyDays.NEITHER_BREAKS_NOR_EXTENDS);
    }

    @Test
    void thirtyDaysTakeInTheFailureWhoseRecoverySpansTheSevenDayEdge() {
        Window w = window(stats(null, Duration.ofHours(24)).all(), 30);
        assertThat(w.from()).isEqualTo(Instant.parse("2026-09-28T22:00:00Z")); // Sep 29 00:00 CEST
        assertThat(w.daily()).hasSize(30);
        assertThat(w.attempts()).isEqualTo(11);
        assertThat(w.deployments()).isEqualTo(10);
        assertThat(w.changeFailures()).isEqualTo(4);
        assertThat(w.changeFailRate()).isEqualTo(0.4);
        assertThat(w.deploymentDays()).isEqualTo(5); // Oct 21 too
        assertThat(w.deploymentFrequencyPerWeek()).isCloseTo(5 * 7 / 30.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(w.deploymentFrequencyClass()).isEqualTo(DoraClass.HIGH);
        assertThat(w.recovered()).isEqualTo(3);
        assertThat(w.recoveryMedianMs()).isEqualTo(Duration.parse("PT10H27M").toMillis()); // #1 → #2, the middle of three
        assertThat(w.recoveryClass()).isEqualTo(DoraClass.HIGH);
    }

    @Test
    void perServiceAndARollbackWindowThatReachesFurther() {
        StatsResult r = stats(null, Duration.ofHours(24));
        assertThat(r.services()).extracting(Scope::service).containsExactly("api", "web", "worker");
        Window api = window(r.services().get(0), 7);
        assertThat(api.attempts()).isEqualTo(6);
        assertThat(api.deployments()).isEqualTo(5);
        assertThat(api.changeFailures()).isEqualTo(1);
        assertThat(api.rework()).isEqualTo(2); // #2 #4
        Window web = window(r.services().get(1), 7);
        assertThat(web.leadTimeOmitted()).isEqualTo(StatsResult.LeadTimeOmitted.NO_COMMIT_TIMES);
        assertThat(web.leadTimeMedianMs()).isNull();

        // 26 h reaches the api rollback of Oct 27 10:00 (24h56m40s after #9): #9 fails, #11 is rework
        StatsResult wider = stats("api", Duration.ofHours(26));
        assertThat(wider.services()).isEmpty();
        Window api26 = window(wider.all(), 7);
        assertThat(api26.changeFailures()).isEqualTo(2);
        assertThat(api26.rework()).isEqualTo(3);
        assertThat(api26.successes()).isEqualTo(3); // #2 #4 #11
    }

    @Test
    void aDeployRecordsItsCommitAndTheStoreReadsItBack() {
        Instant commitAt = Instant.parse("2026-10-28T11:00:00Z");
        long id = store.start(new dev.zerofail.history.Deployment(0, "prod", "api", dev.zerofail.history.DeployKind.DEPLOY,
                null, "ci", null, null, "api:3", null, null, null, null, null, null, Instant.parse("2026-10-28T11:30:00Z"),
                null, null, null, false, "abcdef1234567", commitAt));
        store.finish(id, dev.zerofail.history.DeployState.SUCCEEDED, 0, null, null, Instant.parse("2026-10-28T11:31:00Z"));
        dev.zerofail.history.Deployment d = store.get(id).orElseThrow();
        assertThat(d.commitSha()).isEqualTo("abcdef1234567");
        assertThat(d.commitAt()).isEqualTo(commitAt);
        Window w = window(stats("api", Duration.ofHours(24)).all(), 7);
        assertThat(w.leadTimeDeployments()).isEqualTo(3); // #9, #11 and this one (31 min)
        assertThat(w.leadTimeMedianMs()).isEqualTo(Duration.parse("PT2H1M40S").toMillis()); // 31m, 2h01m40s, 24h03m20s
    }

    @Test
    void sevenGoodDaysMeetTheTarget() {
        for (int d = 1; d <= 7; d++) {
            String day = "2026-11-0" + d;
            row("prod", "api", "DEPLOY", "SUCCEEDED", day + "T10:00:00Z", day + "T10:01:00Z", null);
        }
        StatsQuery q = new StatsQuery("prod", "api", Instant.parse("2026-11-07T18:00:00Z"), config(Duration.ofHours(24)));
        StatsResult.Streak s = DeployStats.compute(store, q, "test").all().streak();
        // api alone: Nov 1–7, Oct 28 (#11), Oct 26 (#9); Oct 24's failed pre-flight ends it.
        // Inside that run Oct 27 and Oct 29–31 had no api deploys (Oct 25 lies before its first day).
        assertThat(s.days()).isEqualTo(9);
        assertThat(s.since()).isEqualTo("2026-10-26");
        assertThat(s.emptyDaysSkipped()).isEqualTo(4);
        assertThat(s.met()).isTrue();
    }
}
