package dev.zerofail.stats;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.StatsResult.Day;
import dev.zerofail.stats.StatsResult.Scope;
import dev.zerofail.stats.StatsResult.Streak;
import dev.zerofail.stats.StatsResult.Window;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploy success and DORA figures over the history store (docs/stats.md defines each). Every count is
 * an SQL aggregate that runs unchanged on SQLite and PostgreSQL; calendar days are cut in Java in the
 * configured zone (so a 23- or 25-hour day around a DST change is one day) and passed in as
 * millisecond bounds. Only aggregates and the failed deployments of a window are read, never the table.
 */
public final class DeployStats {
    /** How far back the success streak is searched, at least. */
    static final int STREAK_LOOKBACK_DAYS = 90;

    // Kinds and states by name, so a kind this build does not know (DRILL) is simply never counted.
    static final String DEPLOY_KINDS = "('DEPLOY','EMERGENCY')";
    /** Deploy attempts: everything that finished except a no-op. */
    static final String ATTEMPT_STATES = "('SUCCEEDED','ROLLED_BACK','ROLLBACK_FAILED','INTERRUPTED','FAILED_PREFLIGHT')";
    /** Attempts that changed the environment: a failed pre-flight changed nothing. */
    static final String CHANGE_STATES = "('SUCCEEDED','ROLLED_BACK','ROLLBACK_FAILED','INTERRUPTED')";
    static final String FAILED_STATES = "('ROLLED_BACK','ROLLBACK_FAILED','INTERRUPTED')";

    private final StatsQuery query;
    private final long withinMs;

    private DeployStats(StatsQuery query) {
        this.query = query;
        this.withinMs = query.config().rollbackWithin().toMillis();
    }

    /** The figures for the query's environment and service (or every service together and each alone). */
    public static StatsResult compute(HistoryStore store, StatsQuery query, String database) {
        DeployStats s = new DeployStats(query);
        return store.read(c -> s.compute(c, database));
    }

    /** Nothing recorded yet: the shape of the result without figures. */
    public static StatsResult empty(StatsQuery query, String database) {
        return new StatsResult(database, false, query.environment(), query.service(), query.config().zone().getId(),
                query.at(), query.config().rollbackWithin().toMillis(), query.config().successTarget(), null, List.of());
    }

    private StatsResult compute(Connection c, String database) throws SQLException {
        Scope all = scope(c, query.service());
        List<Scope> services = new ArrayList<>();
        if (query.service() == null) {
            for (String s : services(c)) {
                services.add(scope(c, s));
            }
        }
        StatsConfig cfg = query.config();
        return new StatsResult(database, true, query.environment(), query.service(), cfg.zone().getId(), query.at(),
                withinMs, cfg.successTarget(), all, services);
    }

    private List<String> services(Connection c) throws SQLException {
        int longest = query.config().windows().stream().mapToInt(Integer::intValue).max().orElse(1);
        long from = days(longest).get(0).lo();
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT service FROM deployments WHERE environment = ? "
                + "AND kind IN " + DEPLOY_KINDS + " AND state IN " + ATTEMPT_STATES + " AND started_at_ms >= ? "
                + "AND started_at_ms < ? ORDER BY service")) {
            ps.setString(1, query.environment());
            ps.setLong(2, from);
            ps.setLong(3, query.at().toEpochMilli());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private Scope scope(Connection c, String service) throws SQLException {
        List<Window> windows = new ArrayList<>();
        for (int w : query.config().windows()) {
            windows.add(window(c, service, w));
        }
        return new Scope(service, streak(c, service), windows);
    }

    // ---- calendar days ----

    /** A calendar day in the zone, as [lo, hi) in epoch milliseconds; today ends at the query's instant. */
    record DayBounds(LocalDate date, long lo, long hi) {
    }

    /** The {@code n} calendar days ending today (in the zone), oldest first. */
    List<DayBounds> days(int n) {
        ZoneId zone = query.config().zone();
        long at = query.at().toEpochMilli();
        LocalDate today = query.at().atZone(zone).toLocalDate();
        List<DayBounds> out = new ArrayList<>();
        for (LocalDate d = today.minusDays(n - 1L); !d.isAfter(today); d = d.plusDays(1)) {
            long lo = d.atStartOfDay(zone).toInstant().toEpochMilli();
            long hi = Math.min(at, d.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli());
            out.add(new DayBounds(d, lo, hi));
        }
        return out;
    }

    // ---- SQL fragments (aliases are ours; every value but the bound parameters is a literal we made) ----

    /** The selection: environment and, when given, service. Binds one or two parameters. */
    private static String scopeFilter(String alias, String service) {
        return alias + ".environment = ?" + (service != null ? " AND " + alias + ".service = ?" : "");
    }

    private int bindScope(PreparedStatement ps, int at, String service) throws SQLException {
        ps.setString(at++, query.environment());
        if (service != null) {
            ps.setString(at++, service);
        }
        return at;
    }

    /**
     * A succeeded deploy {@code d} that a rollback of the same service undid: a rollback started within
     * the configured hours after {@code d} finished, with no later succeeded deploy between them (that
     * rollback would undo the later one).
     */
    private String rolledBackLater(String d) {
        return "EXISTS (SELECT 1 FROM deployments r WHERE r.environment = " + d + ".environment AND r.service = " + d
                + ".service AND r.kind = 'ROLLBACK' AND r.state NOT IN ('NOOP','RUNNING') AND r.started_at_ms >= "
                + d + ".finished_at_ms AND r.started_at_ms < " + d + ".finished_at_ms + " + withinMs
                + " AND NOT EXISTS (SELECT 1 FROM deployments n WHERE n.environment = " + d + ".environment AND n.service = "
                + d + ".service AND n.kind IN " + DEPLOY_KINDS + " AND n.state = 'SUCCEEDED' AND n.started_at_ms > " + d
                + ".started_at_ms AND n.started_at_ms < r.started_at_ms))";
    }

    /** A change failure: ended failed, or succeeded and was rolled back later. Counted once per deployment. */
    private String failed(String d) {
        return "(" + d + ".state IN " + FAILED_STATES + " OR (" + d + ".state = 'SUCCEEDED' AND " + rolledBackLater(d) + "))";
    }

    private String success(String d) {
        return "(" + d + ".state = 'SUCCEEDED' AND NOT " + rolledBackLater(d) + ")";
    }

    /**
     * Rework (DORA 2024: unplanned deployments made because of an incident in production): an emergency
     * deploy, or the deploy that follows a change failure of the same service.
     */
    private String rework(String d) {
        return "(" + d + ".kind = 'EMERGENCY' OR (SELECT CASE WHEN " + failed("p") + " THEN 1 ELSE 0 END FROM deployments p "
                + "WHERE p.environment = " + d + ".environment AND p.service = " + d + ".service AND p.kind IN "
                + DEPLOY_KINDS + " AND p.state IN " + CHANGE_STATES + " AND (p.started_at_ms < " + d
                + ".started_at_ms OR (p.started_at_ms = " + d + ".started_at_ms AND p.id < " + d + ".id)) "
                + "ORDER BY p.started_at_ms DESC, p.id DESC LIMIT 1) = 1)";
    }

    private String windowFilter(String d, String service) {
        return scopeFilter(d, service) + " AND " + d + ".kind IN " + DEPLOY_KINDS + " AND " + d + ".state IN "
                + ATTEMPT_STATES + " AND " + d + ".started_at_ms >= ? AND " + d + ".started_at_ms < ?";
    }

    // ---- one window ----

    private Window window(Connection c, String service, int n) throws SQLException {
        StatsConfig cfg = query.config();
        List<DayBounds> bounds = days(n);
        long lo = bounds.get(0).lo();
        long hi = query.at().toEpochMilli();
        List<Day> daily = daily(c, service, bounds);
        int deploymentDays = (int) daily.stream().filter(d -> d.deployments() > 0).count();

        int deployments;
        int changeFailures;
        int attempts;
        int successes;
        int succeeded;
        int rework;
        Long meanMs;
        try (PreparedStatement ps = c.prepareStatement("SELECT "
                + "SUM(CASE WHEN d.state IN " + CHANGE_STATES + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN d.state IN " + CHANGE_STATES + " AND " + failed("d") + " THEN 1 ELSE 0 END), "
                + "COUNT(*), "
                + "SUM(CASE WHEN " + success("d") + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN d.state = 'SUCCEEDED' THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN d.state IN " + CHANGE_STATES + " AND " + rework("d") + " THEN 1 ELSE 0 END), "
                + "AVG(CASE WHEN d.state = 'SUCCEEDED' THEN d.finished_at_ms - d.started_at_ms END) "
                + "FROM deployments d WHERE " + windowFilter("d", service))) {
            int i = bindScope(ps, 1, service);
            ps.setLong(i++, lo);
            ps.setLong(i, hi);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                deployments = rs.getInt(1);
                changeFailures = rs.getInt(2);
                attempts = rs.getInt(3);
                successes = rs.getInt(4);
                succeeded = rs.getInt(5);
                rework = rs.getInt(6);
                double mean = rs.getDouble(7);
                meanMs = rs.wasNull() ? null : Math.round(mean);
            }
        }
        Long p90 = succeeded == 0 ? null : nth(c, service, lo, hi, "d.state = 'SUCCEEDED'",
                "d.finished_at_ms - d.started_at_ms", nearestRank(0.9, succeeded));

        List<Long> recoveries = new ArrayList<>();
        int unrecovered = recoveries(c, service, lo, hi, recoveries);
        Long recoveryMedian = recoveries.isEmpty() ? null : recoveries.get(nearestRank(0.5, recoveries.size()));
        Long recoveryMean = recoveries.isEmpty() ? null
                : Math.round(recoveries.stream().mapToLong(Long::longValue).average().orElse(0));

        String withCommit = "d.state = 'SUCCEEDED' AND d.commit_at_ms IS NOT NULL AND d.finished_at_ms >= d.commit_at_ms";
        int leadCount = count(c, service, lo, hi, withCommit);
        Long leadMedian = leadCount == 0 ? null : nth(c, service, lo, hi, withCommit,
                "d.finished_at_ms - d.commit_at_ms", nearestRank(0.5, leadCount));

        double perWeek = deploymentDays * 7.0 / n;
        Double cfr = deployments == 0 ? null : (double) changeFailures / deployments;
        StatsConfig.Thresholds t = cfg.thresholds();
        return new Window(n, Instant.ofEpochMilli(lo), query.at(),
                deployments, deploymentDays, perWeek, atLeast(perWeek, t.deploymentFrequency()),
                changeFailures, cfr, cfr == null ? null : atMost(cfr * 100, t.changeFailRate()),
                recoveries.size(), unrecovered, recoveryMedian, recoveryMean,
                recoveryMedian == null ? null : under(recoveryMedian, t.recovery()),
                rework, deployments == 0 ? null : (double) rework / deployments,
                succeeded, meanMs, p90,
                attempts, successes, attempts == 0 ? null : (double) successes / attempts,
                leadCount, leadMedian, leadMedian == null ? null : under(leadMedian, t.leadTime()),
                leadCount == 0 ? StatsResult.LeadTimeOmitted.NO_COMMIT_TIMES : null,
                daily);
    }

    /** Nearest rank: the ceil(p·n)-th smallest of n values, as a 0-based offset. */
    static int nearestRank(double p, int n) {
        return Math.max(0, (int) Math.ceil(p * n) - 1);
    }

    private int count(Connection c, String service, long lo, long hi, String where) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM deployments d WHERE "
                + windowFilter("d", service) + " AND " + where)) {
            int i = bindScope(ps, 1, service);
            ps.setLong(i++, lo);
            ps.setLong(i, hi);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The value of {@code expr} at 0-based {@code offset} in ascending order, among the window's rows matching {@code where}. */
    private Long nth(Connection c, String service, long lo, long hi, String where, String expr, int offset)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + expr + " AS v FROM deployments d WHERE "
                + windowFilter("d", service) + " AND " + where + " ORDER BY v LIMIT 1 OFFSET " + offset)) {
            int i = bindScope(ps, 1, service);
            ps.setLong(i++, lo);
            ps.setLong(i, hi);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /**
     * Each change failure started in the window: from when it failed (its end, or the rollback that
     * undid it) to the end of the next succeeded deploy of the same environment and service, which may
     * lie after the window (up to the query's instant). Adds the recovered durations; returns how many
     * have not recovered yet.
     */
    private int recoveries(Connection c, String service, long lo, long hi, List<Long> out) throws SQLException {
        String failAt = "CASE WHEN d.state IN " + FAILED_STATES + " THEN COALESCE(d.finished_at_ms, d.started_at_ms) "
                + "ELSE (SELECT MIN(r.started_at_ms) FROM deployments r WHERE r.environment = d.environment AND "
                + "r.service = d.service AND r.kind = 'ROLLBACK' AND r.state NOT IN ('NOOP','RUNNING') AND "
                + "r.started_at_ms >= d.finished_at_ms AND r.started_at_ms < d.finished_at_ms + " + withinMs + ") END";
        String sql = "SELECT f.fail_at, (SELECT MIN(n.finished_at_ms) FROM deployments n WHERE n.environment = f.environment "
                + "AND n.service = f.service AND n.kind IN " + DEPLOY_KINDS + " AND n.state = 'SUCCEEDED' AND n.id <> f.id "
                + "AND n.started_at_ms >= f.fail_at AND n.finished_at_ms <= ?) AS recovered_at "
                + "FROM (SELECT d.id, d.environment, d.service, " + failAt + " AS fail_at FROM deployments d WHERE "
                + windowFilter("d", service) + " AND d.state IN " + CHANGE_STATES + " AND " + failed("d") + ") f "
                + "ORDER BY f.fail_at";
        int unrecovered = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, query.at().toEpochMilli());
            int i = bindScope(ps, 2, service);
            ps.setLong(i++, lo);
            ps.setLong(i, hi);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long failed = rs.getLong(1);
                    long recovered = rs.getLong(2);
                    if (rs.wasNull()) {
                        unrecovered++;
                    } else {
                        out.add(Math.max(0, recovered - failed));
                    }
                }
            }
        }
        out.sort(null);
        return unrecovered;
    }

    /** Attempts, successes and deployments per calendar day, in one query over a VALUES list of day bounds. */
    private List<Day> daily(Connection c, String service, List<DayBounds> bounds) throws SQLException {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < bounds.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ?, ?)");
        }
        String sql = "WITH days (day_index, lo, hi) AS (VALUES " + values + ") "
                + "SELECT days.day_index, COUNT(d.id), "
                + "SUM(CASE WHEN d.id IS NOT NULL AND " + success("d") + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN d.state IN " + CHANGE_STATES + " THEN 1 ELSE 0 END) "
                + "FROM days LEFT JOIN deployments d ON d.started_at_ms >= days.lo AND d.started_at_ms < days.hi AND "
                + scopeFilter("d", service) + " AND d.kind IN " + DEPLOY_KINDS + " AND d.state IN " + ATTEMPT_STATES
                + " GROUP BY days.day_index ORDER BY days.day_index";
        Day[] out = new Day[bounds.size()];
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (DayBounds b : bounds) {
                ps.setLong(p++, b.lo());
                ps.setLong(p++, b.hi());
            }
            bindScope(ps, p, service);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    int attempts = rs.getInt(2);
                    int successes = rs.getInt(3);
                    out[i] = day(bounds.get(i).date(), attempts, successes, rs.getInt(4));
                }
            }
        }
        List<Day> list = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            list.add(out[i] != null ? out[i] : day(bounds.get(i).date(), 0, 0, 0));
        }
        return list;
    }

    private Day day(LocalDate date, int attempts, int successes, int deployments) {
        Double rate = attempts == 0 ? null : (double) successes / attempts;
        Boolean met = attempts == 0 ? null : successes * 100.0 >= query.config().successTarget() * attempts;
        return new Day(date.toString(), attempts, successes, deployments, rate, met);
    }

    /** A stretch of time [from, to), for {@link #periods}. */
    public record Period(Instant from, Instant to) {
    }

    /**
     * The figures of one period: deploy attempts and successes as the daily figures count them, the mean time of
     * a succeeded deploy as the windows count it (null: none succeeded), and rollbacks: deploys rolled back
     * automatically (rolled_back, rollback_failed) plus rollbacks run by hand that changed something.
     */
    public record PeriodFigures(int attempts, int successes, Long deployTimeMeanMs, int rollbacks) {
        public Double successRate() {
            return attempts == 0 ? null : (double) successes / attempts;
        }
    }

    /** {@link PeriodFigures} of each period (the timeline's weeks), in one query over a VALUES list of bounds. */
    public static List<PeriodFigures> periods(HistoryStore store, String environment, StatsConfig config,
            List<Period> periods) {
        if (periods.isEmpty()) {
            return List.of();
        }
        Instant end = periods.stream().map(Period::to).max(Instant::compareTo).orElseThrow();
        DeployStats s = new DeployStats(new StatsQuery(environment, null, end, config));
        return store.read(c -> s.periods(c, periods));
    }

    private List<PeriodFigures> periods(Connection c, List<Period> periods) throws SQLException {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < periods.size(); i++) {
            values.append(i == 0 ? "" : ", ").append("(").append(i).append(", ?, ?)");
        }
        String attempt = "d.kind IN " + DEPLOY_KINDS + " AND d.state IN " + ATTEMPT_STATES;
        String rollback = "(d.kind IN " + DEPLOY_KINDS + " AND d.state IN ('ROLLED_BACK','ROLLBACK_FAILED')) OR "
                + "(d.kind = 'ROLLBACK' AND d.state NOT IN ('NOOP','RUNNING'))";
        String sql = "WITH periods (period_index, lo, hi) AS (VALUES " + values + ") "
                + "SELECT periods.period_index, "
                + "SUM(CASE WHEN " + attempt + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + attempt + " AND " + success("d") + " THEN 1 ELSE 0 END), "
                + "AVG(CASE WHEN " + attempt + " AND d.state = 'SUCCEEDED' THEN d.finished_at_ms - d.started_at_ms END), "
                + "SUM(CASE WHEN " + rollback + " THEN 1 ELSE 0 END) "
                + "FROM periods LEFT JOIN deployments d ON d.started_at_ms >= periods.lo AND d.started_at_ms < periods.hi "
                + "AND " + scopeFilter("d", null) + " AND ((" + attempt + ") OR " + rollback + ") "
                + "GROUP BY periods.period_index ORDER BY periods.period_index";
        PeriodFigures[] out = new PeriodFigures[periods.size()];
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            for (Period b : periods) {
                ps.setLong(p++, b.from().toEpochMilli());
                ps.setLong(p++, b.to().toEpochMilli());
            }
            bindScope(ps, p, null);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    int attempts = rs.getInt(2);
                    int successes = rs.getInt(3);
                    double mean = rs.getDouble(4);
                    Long meanMs = rs.wasNull() ? null : Math.round(mean);
                    out[i] = new PeriodFigures(attempts, successes, meanMs, rs.getInt(5));
                }
            }
        }
        List<PeriodFigures> list = new ArrayList<>();
        for (PeriodFigures f : out) {
            list.add(f != null ? f : new PeriodFigures(0, 0, null, 0));
        }
        return list;
    }

    /** Counted back from today; days without attempts are skipped, the first day under the target ends it. */
    private Streak streak(Connection c, String service) throws SQLException {
        StatsConfig cfg = query.config();
        int longest = cfg.windows().stream().mapToInt(Integer::intValue).max().orElse(1);
        int lookback = Math.max(STREAK_LOOKBACK_DAYS, Math.max(longest, cfg.streakDays()));
        List<DayBounds> bounds = days(lookback);
        List<Day> days = daily(c, service, bounds);
        int streak = 0;
        int emptyInside = 0;
        int emptyRun = 0;
        String since = null;
        boolean broken = false;
        for (int i = days.size() - 1; i >= 0; i--) {
            Day d = days.get(i);
            if (d.attempts() == 0) {
                emptyRun++;
                continue;
            }
            if (!d.metTarget()) {
                broken = true;
                break;
            }
            streak++;
            emptyInside += since == null ? 0 : emptyRun;
            emptyRun = 0;
            since = d.date();
        }
        return new Streak(streak, cfg.streakDays(), streak >= cfg.streakDays(), since, emptyInside,
                StatsResult.EmptyDays.NEITHER_BREAKS_NOR_EXTENDS, lookback,
                !broken && streak > 0 && attemptedBefore(c, service, bounds.get(0).lo()));
    }

    /** Whether any deploy was attempted before {@code lo}: only then may an unbroken streak run on past the lookback. */
    private boolean attemptedBefore(Connection c, String service, long lo) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM deployments d WHERE " + scopeFilter("d", service)
                + " AND d.kind IN " + DEPLOY_KINDS + " AND d.state IN " + ATTEMPT_STATES + " AND d.started_at_ms < ? LIMIT 1")) {
            int i = bindScope(ps, 1, service);
            ps.setLong(i, lo);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    // ---- classes ----

    static DoraClass atLeast(double v, StatsConfig.Levels l) {
        return v >= l.elite() ? DoraClass.ELITE : v >= l.high() ? DoraClass.HIGH : v >= l.medium() ? DoraClass.MEDIUM
                : DoraClass.LOW;
    }

    static DoraClass atMost(double v, StatsConfig.Levels l) {
        // a hair of tolerance: 1 of 20 is 5.000000000000001 % in floating point
        double e = 1e-9;
        return v <= l.elite() + e ? DoraClass.ELITE : v <= l.high() + e ? DoraClass.HIGH
                : v <= l.medium() + e ? DoraClass.MEDIUM : DoraClass.LOW;
    }

    static DoraClass under(long ms, StatsConfig.DurationLevels l) {
        Duration d = Duration.ofMillis(ms);
        return d.compareTo(l.elite()) < 0 ? DoraClass.ELITE : d.compareTo(l.high()) < 0 ? DoraClass.HIGH
                : d.compareTo(l.medium()) < 0 ? DoraClass.MEDIUM : DoraClass.LOW;
    }
}
