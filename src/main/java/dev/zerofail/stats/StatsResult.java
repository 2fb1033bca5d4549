package dev.zerofail.stats;

import dev.zerofail.core.Result;
import java.time.Instant;
import java.util.List;

/**
 * The result of {@code zerofail stats} (docs/schemas/stats.schema.json; every figure is defined in
 * docs/stats.md). Rates are fractions from 0 to 1; a rate over nothing is left out (null), not 0.
 *
 * @param database       the history database (its URL without credentials)
 * @param databaseExists false when nothing was ever recorded: then {@code all} is absent
 * @param service        the one service asked for, or null for all services
 * @param timezone       the zone whose calendar days are counted
 * @param at             the end of every window
 * @param all            the figures of the selection (every service together, or the one asked for)
 * @param services       each service on its own, when no service was asked for
 */
public record StatsResult(String database, boolean databaseExists, String environment, String service,
        String timezone, Instant at, long rollbackWithinMs, double successTargetPercent, Scope all,
        List<Scope> services) implements Result {
    public StatsResult {
        services = List.copyOf(services);
    }

    /** One service, or all of them together (service null). */
    public record Scope(String service, Streak streak, List<Window> windows) {
        public Scope {
            windows = List.copyOf(windows);
        }
    }

    /**
     * The current run of calendar days at or above the success target, counted back from today. A day
     * without deploys neither breaks nor extends it ({@code emptyDays}); {@code emptyDaysSkipped} says
     * how many such days lie inside the run. {@code lookbackDays} bounds the search; {@code capped}
     * says the run reaches that far back and may be longer.
     */
    public record Streak(int days, int requiredDays, boolean met, String since, int emptyDaysSkipped,
            EmptyDays emptyDays, int lookbackDays, boolean capped) {
    }

    /** How a calendar day without deploys counts toward the streak. */
    public enum EmptyDays { NEITHER_BREAKS_NOR_EXTENDS }

    /** Why change lead time is absent. */
    public enum LeadTimeOmitted { NO_COMMIT_TIMES }

    /** The figures over the {@code days} calendar days ending at {@code to} ({@code from} is the first day's start). */
    public record Window(int days, Instant from, Instant to,
            int deployments, int deploymentDays, double deploymentFrequencyPerWeek, DoraClass deploymentFrequencyClass,
            int changeFailures, Double changeFailRate, DoraClass changeFailRateClass,
            int recovered, int unrecovered, Long recoveryMedianMs, Long recoveryMeanMs, DoraClass recoveryClass,
            int rework, Double reworkRate,
            int succeeded, Long deployTimeMeanMs, Long deployTimeP90Ms,
            int attempts, int successes, Double successRate,
            int leadTimeDeployments, Long leadTimeMedianMs, DoraClass leadTimeClass, LeadTimeOmitted leadTimeOmitted,
            List<Day> daily) {
        public Window {
            daily = List.copyOf(daily);
        }
    }

    /**
     * One calendar day (ISO date in the zone): deploy attempts and how many succeeded; deployments are
     * the attempts that reached the environment. {@code metTarget} is absent on a day without attempts.
     */
    public record Day(String date, int attempts, int successes, int deployments, Double successRate, Boolean metTarget) {
    }
}
