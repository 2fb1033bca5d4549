package dev.zerofail.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Scorecard;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import dev.zerofail.stats.StatsConfig;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploys section over a hand-made history (UTC, audit at 2026-11-10T12:00Z, 30-day window from
 * Oct 11 00:00 since stats counts whole calendar days, streak of 7):
 * <pre>
 * Oct 01  DEPLOY ROLLED_BACK   outside both windows: not a verified rollback any more (rollback window starts Oct 11 12:00)
 * Nov 01..Nov 10 one DEPLOY a day SUCCEEDED, 2 min each            10 successes
 * Nov 03  a second DEPLOY ROLLED_BACK (Nov 03 is 1/2 = 50%: the streak starts Nov 04)
 * Nov 05  a DRILL ROLLED_BACK                                       a passing drill, not an attempt
 * staging DEPLOY ROLLED_BACK Nov 06                                 another environment: never counted
 * </pre>
 * Attempts 11, successes 10: rate 10/11 = 90.9% (< 95); streak Nov 04..Nov 10 = 7 days (met);
 * mean deploy time 2 min (< 5 min); verified rollbacks 1 (Nov 03), passing drills 1.
 */
class DeployAuditTest {
    static final Instant AT = Instant.parse("2026-11-10T12:00:00Z");
    @TempDir
    Path dir;
    HistoryStore store;

    @BeforeEach
    void open() {
        store = JdbcHistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null, Clock.systemUTC(),
                JdbcHistoryStore.DEFAULT_LEASE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void figuresAndVerdictsMatchTheHandComputedHistory() {
        row("prod", "DEPLOY", "ROLLED_BACK", "2026-10-01T10:00:00Z", 60);
        for (int day = 1; day <= 10; day++) {
            row("prod", "DEPLOY", "SUCCEEDED", String.format("2026-11-%02dT09:00:00Z", day), 120);
        }
        row("prod", "DEPLOY", "ROLLED_BACK", "2026-11-03T15:00:00Z", 300);
        row("prod", "DRILL", "ROLLED_BACK", "2026-11-05T15:00:00Z", 200);
        row("staging", "DEPLOY", "ROLLED_BACK", "2026-11-06T15:00:00Z", 60);

        AuditConfig cfg = AuditConfig.defaults();
        DeployAudit.DeployFigures f = DeployAudit.measure(store, "db", "prod", StatsConfig.defaults(), cfg, AT);
        assertThat(f.attempts()).isEqualTo(11);
        assertThat(f.successRate()).isEqualTo(10.0 / 11);
        assertThat(f.streakDays()).isEqualTo(7);
        assertThat(f.deployTimeMeanMs()).isEqualTo(120_000L);
        assertThat(f.verifiedRollbacks()).isEqualTo(1);
        assertThat(f.passingDrills()).isEqualTo(1);
        assertThat(f.lastVerifiedRollbackAt()).isEqualTo(Instant.parse("2026-11-03T15:00:00Z"));

        Map<String, Scorecard.Check> checks = checks(DeployAudit.section(f, cfg));
        assertThat(checks.get("deploys.success-rate").passed()).isFalse();
        assertThat(checks.get("deploys.success-rate").detail()).isEqualTo("90.9% of 11 attempt(s)");
        assertThat(checks.get("deploys.success-streak").passed()).isTrue();
        assertThat(checks.get("deploys.mean-time").passed()).isTrue();
        assertThat(checks.get("deploys.rollback-verified").passed()).isTrue();
        assertThat(checks.values()).allMatch(Scorecard.Check::wasMeasured);

        // thresholds come from the config: 90% passes the rate, an 8-day streak is not met, 2 min is not under 1 min
        AuditConfig strict = AuditConfig.from(ConfigNode.parse("zerofail.yaml",
                "success-rate: 90\nstreak-days: 8\nmean-deploy-time: 1m\nrollback-days: 5\n"));
        DeployAudit.DeployFigures g = DeployAudit.measure(store, "db", "prod", StatsConfig.defaults(), strict, AT);
        Map<String, Scorecard.Check> c2 = checks(DeployAudit.section(g, strict));
        assertThat(c2.get("deploys.success-rate").passed()).isTrue();
        assertThat(c2.get("deploys.success-streak").passed()).as(c2.get("deploys.success-streak").detail()).isFalse();
        assertThat(c2.get("deploys.mean-time").passed()).isFalse();
        // 5 days back from Nov 10 12:00 is Nov 05 12:00: the drill at 15:00 counts, the Nov 03 rollback does not
        assertThat(g.verifiedRollbacks()).isZero();
        assertThat(g.passingDrills()).isEqualTo(1);
        assertThat(c2.get("deploys.rollback-verified").passed()).isTrue();
    }

    @Test
    void withoutHistoryEveryCheckSaysNotMeasuredAndTheGateStaysOpen() {
        DeployAudit.DeployFigures none = DeployAudit.none("sqlite:.zerofail/history.db", "prod", AuditConfig.defaults());
        Scorecard.Section s = DeployAudit.section(none, AuditConfig.defaults());
        assertThat(s.checks()).noneMatch(Scorecard.Check::wasMeasured);
        assertThat(s.checks()).allMatch(c -> c.detail().startsWith("not measured: no deploy history"));
        assertThat(s.checks()).allMatch(c -> c.fix() != null && c.fix().contains("zerofail deploy"));
        assertThat(s.passed()).isTrue();
        assertThat(new Scorecard(java.util.List.of(s)).checksNotMeasured()).isEqualTo(4);
    }

    @Test
    void noRollbackEvidenceFailsAndNamesTheDrill() {
        row("prod", "DEPLOY", "SUCCEEDED", "2026-11-10T09:00:00Z", 60);
        DeployAudit.DeployFigures f = DeployAudit.measure(store, "db", "prod", StatsConfig.defaults(),
                AuditConfig.defaults(), AT);
        Scorecard.Check c = checks(DeployAudit.section(f, AuditConfig.defaults())).get("deploys.rollback-verified");
        assertThat(c.passed()).isFalse();
        assertThat(c.fix()).contains("zerofail deploy --drill --env prod");
        assertThat(f.successRate()).isEqualTo(1.0);
        // one deploy day: the 7-day streak is not met yet
        assertThat(f.streakDays()).isEqualTo(1);
    }

    @Test
    void badThresholdsNameTheKey() {
        assertThatThrownBy(() -> AuditConfig.from(ConfigNode.parse("zerofail.yaml", "success-rate: 120\n")))
                .isInstanceOf(ZerofailException.class).hasMessageContaining("120")
                .satisfies(e -> assertThat(((ZerofailException) e).where()).contains("zerofail.yaml", "success-rate"));
        assertThatThrownBy(() -> AuditConfig.from(ConfigNode.parse("zerofail.yaml", "max-workflow: 5\n")))
                .isInstanceOf(ZerofailException.class)
                .satisfies(e -> assertThat(e.getMessage() + ((ZerofailException) e).where()).contains("max-workflow"));
        assertThat(AuditConfig.defaults().maxWorkflows()).isEqualTo(5);
        assertThat(AuditConfig.defaults().meanDeployTime()).isEqualTo(Duration.ofMinutes(5));
    }

    private static Map<String, Scorecard.Check> checks(Scorecard.Section s) {
        return s.checks().stream().collect(Collectors.toMap(Scorecard.Check::id, Function.identity()));
    }

    private void row(String env, String kind, String state, String started, int seconds) {
        Instant s = Instant.parse(started);
        store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployments (environment, service, kind, state, "
                    + "actor, started_at_ms, finished_at_ms, emergency) VALUES (?,?,?,?,?,?,?,?)")) {
                ps.setString(1, env);
                ps.setString(2, "api");
                ps.setString(3, kind);
                ps.setString(4, state);
                ps.setString(5, "test");
                ps.setLong(6, s.toEpochMilli());
                ps.setLong(7, s.plusSeconds(seconds).toEpochMilli());
                ps.setInt(8, 0);
                return ps.executeUpdate();
            }
        });
    }
}
