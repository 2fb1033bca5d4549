package dev.zerofail.timeline;

import dev.zerofail.core.Result;
import java.time.Instant;
import java.util.List;

/**
 * The result of {@code zerofail timeline} (docs/schemas/timeline.schema.json): the definition of done's
 * figures week by week, oldest first. A figure with nothing behind it (no deploy, no CI run, no audit
 * snapshot that week) is null, never 0.
 *
 * @param database       the history database, credentials removed
 * @param databaseExists false when nothing was ever recorded; then every week is empty
 * @param repo           the one repository whose CI runs count (--repo); null: every imported one
 * @param timezone       the zone whose ISO weeks (Monday to Sunday) are counted (stats.timezone)
 * @param at             the end of the last week, which is partial
 * @param thresholds     the audit's thresholds (audit: in zerofail.yaml), so the timeline and the scorecard agree
 */
public record TimelineResult(String database, boolean databaseExists, String environment, String repo, String timezone,
        Instant at, Thresholds thresholds, List<Week> weeks) implements Result {
    public TimelineResult {
        weeks = List.copyOf(weeks);
    }

    /**
     * @param successRatePercent deploy success rate, at least (audit.success-rate)
     * @param deployTimeMeanMs   mean deploy time, under (audit.mean-deploy-time)
     * @param activeWorkflows    active workflows, at most (audit.max-workflows, else the workflows.core set)
     * @param placeholderSecrets placeholder secrets, at most (the definition of done: none)
     * @param hardcodedSecrets   hard-coded secrets, at most (none)
     * @param manualSteps        SSH steps in workflows, at most (none)
     */
    public record Thresholds(double successRatePercent, long deployTimeMeanMs, int activeWorkflows,
            int placeholderSecrets, int hardcodedSecrets, int manualSteps) {
    }

    /**
     * One ISO week in the zone. Deploy figures count production deploys started in the week (as {@code stats}
     * does); the audit figures are those of the week's latest {@code audit --record} snapshot; CI figures
     * count the imported run attempts created in the week (as {@code runs report} does).
     *
     * @param week               ISO week, 2026-W48
     * @param start              its Monday
     * @param end                its Sunday
     * @param partial            the week is still running (it ends at {@code at})
     * @param deploySuccessRate  successes over attempts, 0 to 1; null without attempts
     * @param deployTimeMeanMs   mean time of a succeeded deploy; null without one
     * @param rollbacks          automatic rollbacks (rolled_back, rollback_failed) and rollbacks run by hand
     * @param auditAt            when the week's latest snapshot was recorded; null (and the audit figures with it): none
     * @param ciRuns             completed run attempts
     * @param ciFailures         of those, failure, timed_out or startup_failure
     * @param ciFailureRate      ciFailures over ciRuns; null without completed runs
     */
    public record Week(String week, String start, String end, boolean partial, int deployAttempts, int deploySuccesses,
            Double deploySuccessRate, Long deployTimeMeanMs, int rollbacks, Instant auditAt, Boolean auditPassed,
            Integer placeholderSecrets, Integer hardcodedSecrets, Integer activeWorkflows, Integer composeFiles,
            Integer manualSteps, int ciRuns, int ciFailures, Double ciFailureRate) {
    }
}
