package dev.zerofail.timeline;

import dev.zerofail.audit.AuditConfig;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.history.AuditSnapshot;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcSnapshotStore;
import dev.zerofail.runs.CiRun;
import dev.zerofail.runs.JdbcRunStore;
import dev.zerofail.runs.Outcomes;
import dev.zerofail.stats.DeployStats;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.timeline.TimelineResult.Thresholds;
import dev.zerofail.timeline.TimelineResult.Week;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The success-metrics timeline: per ISO week in the configured zone, the deploy figures of {@code stats},
 * the latest audit snapshot's figures and the CI failure rate of the imported runs.
 */
public final class Timeline {
    /** The most weeks one timeline covers (ten years): a --since far back stays a bounded query. */
    public static final int MAX_WEEKS = 520;

    private Timeline() {
    }

    /**
     * @param environment whose deploys and audit snapshots count
     * @param repo        whose CI runs count; null: every imported repository
     * @param at          the end of the last (current, partial) week
     * @param weeks       how many weeks, the current one included (ignored when {@code since} is given)
     * @param since       the first week is the one holding this day; null: count {@code weeks} back
     */
    public record Query(String environment, String repo, Instant at, int weeks, LocalDate since, ZoneId zone) {
    }

    /** A week's bounds: [from, to) in the zone, {@code to} capped at the query's instant. */
    public record WeekBounds(LocalDate monday, Instant from, Instant to, boolean partial) {
        public String label() {
            return String.format(Locale.ROOT, "%d-W%02d", monday.get(IsoFields.WEEK_BASED_YEAR),
                    monday.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
        }
    }

    /** The weeks of the query, oldest first; a week's midnight is the zone's, so a DST week is 167 or 169 hours. */
    public static List<WeekBounds> weeks(Query q) {
        LocalDate today = q.at().atZone(q.zone()).toLocalDate();
        LocalDate current = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate first = q.since() != null ? q.since().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                : current.minusWeeks(Math.max(1, q.weeks()) - 1L);
        if (first.isBefore(current.minusWeeks(MAX_WEEKS - 1L))) {
            first = current.minusWeeks(MAX_WEEKS - 1L);
        }
        List<WeekBounds> out = new ArrayList<>();
        for (LocalDate m = first; !m.isAfter(current); m = m.plusWeeks(1)) {
            Instant from = m.atStartOfDay(q.zone()).toInstant();
            Instant end = m.plusWeeks(1).atStartOfDay(q.zone()).toInstant();
            boolean partial = end.isAfter(q.at());
            out.add(new WeekBounds(m, from, partial ? q.at() : end, partial));
        }
        return out;
    }

    /**
     * What the definition of done asks, read as the audit reads it ({@link AuditConfig#workflowLimit}).
     */
    public static Thresholds thresholds(ZerofailConfig config) {
        AuditConfig audit = AuditConfig.from(config.section("audit"));
        int workflows = AuditConfig.workflowLimit(config);
        return new Thresholds(audit.successRatePercent(), audit.meanDeployTime().toMillis(), workflows, 0, 0, 0);
    }

    /** Whose deploys and snapshots count when --env is not given: audit.environment, then stats.production. */
    public static String environment(ZerofailConfig config) {
        String env = AuditConfig.from(config.section("audit")).environment();
        return env != null ? env : StatsConfig.from(config.section("stats")).production();
    }

    /** Nothing recorded yet: the weeks, every figure empty. */
    public static TimelineResult empty(Query q, String database, Thresholds thresholds) {
        List<Week> weeks = new ArrayList<>();
        for (WeekBounds b : weeks(q)) {
            weeks.add(week(b, new DeployStats.PeriodFigures(0, 0, null, 0), null, 0, 0));
        }
        return new TimelineResult(database, false, q.environment(), q.repo(), q.zone().getId(), q.at(), thresholds, weeks);
    }

    public static TimelineResult compute(HistoryStore store, String database, Query q, StatsConfig stats,
            Thresholds thresholds) {
        List<WeekBounds> bounds = weeks(q);
        StatsConfig zoned = new StatsConfig(q.zone(), stats.production(), stats.windows(), stats.rollbackWithin(),
                stats.successTarget(), stats.streakDays(), stats.thresholds());
        List<DeployStats.PeriodFigures> deploys = DeployStats.periods(store, q.environment(), zoned,
                bounds.stream().map(b -> new DeployStats.Period(b.from(), b.to())).toList());
        Instant from = bounds.get(0).from();
        List<AuditSnapshot> snapshots = new JdbcSnapshotStore(store.dataSource()).between(q.environment(), from, q.at());
        List<CiRun> runs = new JdbcRunStore(store.dataSource()).runs(q.repo(), from);

        List<Week> weeks = new ArrayList<>();
        int s = 0;
        int r = 0;
        for (int i = 0; i < bounds.size(); i++) {
            WeekBounds b = bounds.get(i);
            AuditSnapshot latest = null;
            while (s < snapshots.size() && snapshots.get(s).recordedAt().isBefore(b.to())) {
                if (!snapshots.get(s).recordedAt().isBefore(b.from())) {
                    latest = snapshots.get(s);
                }
                s++;
            }
            int completed = 0;
            int failed = 0;
            // runs come oldest first; later ones (created after the query's instant) fall outside every week
            while (r < runs.size() && runs.get(r).createdAt().isBefore(b.to())) {
                CiRun run = runs.get(r++);
                if (run.createdAt().isBefore(b.from()) || !run.completed()) {
                    continue;
                }
                completed++;
                if (Outcomes.isFailure(run.conclusion())) {
                    failed++;
                }
            }
            weeks.add(week(b, deploys.get(i), latest, completed, failed));
        }
        return new TimelineResult(database, true, q.environment(), q.repo(), q.zone().getId(), q.at(), thresholds, weeks);
    }

    private static Week week(WeekBounds b, DeployStats.PeriodFigures d, AuditSnapshot a, int ciRuns, int ciFailures) {
        return new Week(b.label(), b.monday().toString(), b.monday().plusDays(6).toString(), b.partial(), d.attempts(),
                d.successes(), d.successRate(), d.deployTimeMeanMs(), d.rollbacks(),
                a == null ? null : a.recordedAt(), a == null ? null : a.passed(),
                a == null ? null : a.placeholderSecrets(), a == null ? null : a.hardcodedSecrets(),
                a == null ? null : a.activeWorkflows(), a == null ? null : a.composeFiles(),
                a == null ? null : a.manualSteps(), ciRuns, ciFailures,
                ciRuns == 0 ? null : (double) ciFailures / ciRuns);
    }
}
