package dev.zerofail.audit;

import dev.zerofail.core.Durations;
import dev.zerofail.core.Scorecard;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.DeployStats;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.stats.StatsQuery;
import dev.zerofail.stats.StatsResult;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The deploys section: success rate, the success streak and mean deploy time come from {@code stats}
 * (docs/stats.md); the rollback evidence is read here. A deploy that ended ROLLED_BACK is an automatic
 * rollback that worked (the deploy's own gate rolled it back and the old version came back healthy);
 * a DRILL that ended ROLLED_BACK is a drill that passed.
 */
public final class DeployAudit {
    private DeployAudit() {
    }

    /** The figures of the section; counts over nothing are absent (null). */
    public record DeployFigures(String database, boolean databaseExists, String environment, int windowDays,
            int attempts, Double successRate, Integer streakDays, Long deployTimeMeanMs, int rollbackWindowDays,
            int verifiedRollbacks, int passingDrills, Instant lastVerifiedRollbackAt) {
    }

    /** Nothing recorded yet. */
    public static DeployFigures none(String database, String environment, AuditConfig cfg) {
        return new DeployFigures(database, false, environment, cfg.windowDays(), 0, null, null, null,
                cfg.rollbackDays(), 0, 0, null);
    }

    public static DeployFigures measure(HistoryStore store, String database, String environment, StatsConfig stats,
            AuditConfig cfg, Instant at) {
        StatsConfig judged = new StatsConfig(stats.zone(), stats.production(), List.of(cfg.windowDays()),
                stats.rollbackWithin(), cfg.successRatePercent(), cfg.streakDays(), stats.thresholds());
        StatsResult r = DeployStats.compute(store, new StatsQuery(environment, null, at, judged), database);
        StatsResult.Window w = r.all().windows().get(0);
        long from = at.minus(Duration.ofDays(cfg.rollbackDays())).toEpochMilli();
        long[] evidence = store.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT "
                    + "SUM(CASE WHEN kind IN ('DEPLOY','EMERGENCY') THEN 1 ELSE 0 END), "
                    + "SUM(CASE WHEN kind = 'DRILL' THEN 1 ELSE 0 END), "
                    + "MAX(CASE WHEN kind IN ('DEPLOY','EMERGENCY') THEN started_at_ms END) "
                    + "FROM deployments WHERE environment = ? AND state = 'ROLLED_BACK' "
                    + "AND started_at_ms >= ? AND started_at_ms < ?")) {
                ps.setString(1, environment);
                ps.setLong(2, from);
                ps.setLong(3, at.toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long last = rs.getLong(3);
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.wasNull() ? -1 : last};
                }
            }
        });
        return new DeployFigures(database, true, environment, cfg.windowDays(), w.attempts(), w.successRate(),
                r.all().streak().days(), w.deployTimeMeanMs(), cfg.rollbackDays(), (int) evidence[0], (int) evidence[1],
                evidence[2] < 0 ? null : Instant.ofEpochMilli(evidence[2]));
    }

    /** Definition of done for deploys: they succeed, steadily, quickly, and a failed one rolls back by itself. */
    public static Scorecard.Section section(DeployFigures f, AuditConfig cfg) {
        String rate = "Deploy success rate at least " + pct(cfg.successRatePercent()) + "% over " + cfg.windowDays() + " days";
        String streak = "At least " + pct(cfg.successRatePercent()) + "% every deploy day for " + cfg.streakDays()
                + " consecutive days";
        String mean = "Mean deploy time under " + Durations.format(cfg.meanDeployTime());
        String rollback = "A verified automatic rollback or a passing drill in the last " + cfg.rollbackDays() + " days";
        String deployFix = "deploy with zerofail deploy so each attempt is recorded (see: zerofail stats --env "
                + f.environment() + ")";
        String drillFix = "run a rollback drill: zerofail deploy --drill --env " + f.environment();
        String name = "Deploys (" + f.environment() + ")";
        if (!f.databaseExists() || f.attempts() == 0) {
            String why = !f.databaseExists() ? "no deploy history in " + f.database()
                    : "no deploy to " + f.environment() + " in the last " + f.windowDays() + " days";
            return new Scorecard.Section(name, List.of(
                    Scorecard.Check.notMeasured("deploys.success-rate", rate, why, deployFix),
                    Scorecard.Check.notMeasured("deploys.success-streak", streak, why, deployFix),
                    Scorecard.Check.notMeasured("deploys.mean-time", mean, why, deployFix),
                    rollbackCheck(f, rollback, drillFix)));
        }
        double target = cfg.successRatePercent() / 100.0;
        // a rate just under the target must not round up to pass
        boolean rateOk = f.successRate() != null && f.successRate() + 1e-9 >= target;
        String rateDetail = pct(Math.floor(f.successRate() * 1000) / 10) + "% of " + f.attempts() + " attempt(s)";
        Scorecard.Check meanCheck = f.deployTimeMeanMs() == null
                ? Scorecard.Check.notMeasured("deploys.mean-time", mean,
                        "no successful deploy in the last " + f.windowDays() + " days", deployFix)
                : new Scorecard.Check("deploys.mean-time", mean, f.deployTimeMeanMs() < cfg.meanDeployTime().toMillis(),
                        "mean " + Durations.format(Duration.ofMillis(f.deployTimeMeanMs())),
                        "find the slow step: zerofail history --env " + f.environment());
        return new Scorecard.Section(name, List.of(
                new Scorecard.Check("deploys.success-rate", rate, rateOk, rateDetail,
                        "look at the failed deploys: zerofail history --env " + f.environment()),
                new Scorecard.Check("deploys.success-streak", streak, f.streakDays() >= cfg.streakDays(),
                        f.streakDays() + " day(s) in a row", "keep deploys green; each day below the target restarts the count"),
                meanCheck,
                rollbackCheck(f, rollback, drillFix)));
    }

    private static Scorecard.Check rollbackCheck(DeployFigures f, String description, String fix) {
        if (!f.databaseExists()) {
            return Scorecard.Check.notMeasured("deploys.rollback-verified", description,
                    "no deploy history in " + f.database(), fix);
        }
        long total = (long) f.verifiedRollbacks() + f.passingDrills();
        return new Scorecard.Check("deploys.rollback-verified", description, total > 0,
                f.verifiedRollbacks() + " automatic rollback(s), " + f.passingDrills() + " passing drill(s)", fix);
    }

    private static String pct(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
