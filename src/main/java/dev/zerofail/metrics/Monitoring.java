package dev.zerofail.metrics;

import java.util.List;

/**
 * Every Grafana panel's and every alert rule's PromQL, in one place: the export writes them, the
 * tests run each through a real Prometheus. {@code $environment} and {@code $service} are the
 * dashboard's variables (regular expressions; "All" is {@code .*}).
 *
 * <p>What counts as a deploy in a rate: kinds deploy and emergency (a rollback is the cure, not a
 * deploy); a noop changed nothing and is left out; failed_preflight and interrupted count as
 * failures, since the change did not ship.
 */
public final class Monitoring {
    private Monitoring() {
    }

    /** One query of a panel; {@code instant} for stat and table panels. */
    public record Target(String expr, String legend, boolean instant) {
    }

    /** {@code type}: timeseries, barchart-like bars (timeseries drawn as bars), stat, table, heatmap. */
    public record Panel(String title, String type, String unit, String description, List<Target> targets) {
        public Panel {
            targets = List.copyOf(targets);
        }
    }

    /**
     * @param forDuration Prometheus "for:" (e.g. 5m; "0s" fires at once)
     * @param severity    page (wake someone) or warning (look today)
     * @param anchor      the section of docs/runbook.md
     */
    public record Alert(String name, String expr, String forDuration, String severity, String summary, String anchor) {
    }

    static final String SEL = "environment=~\"$environment\",service=~\"$service\"";
    static final String DEPLOYS = "kind=~\"deploy|emergency\"";
    static final String ATTEMPTS = "result=~\"succeeded|rolled_back|rollback_failed|failed_preflight|interrupted\"";
    static final String FAILED = "result=~\"rolled_back|rollback_failed|failed_preflight|interrupted\"";

    static String deploys(String sel, String result, String window) {
        return "increase(zerofail_deployments_total{" + sel + "," + DEPLOYS + "," + result + "}[" + window + "])";
    }

    /** Success rate of deploys per environment over a window: succeeded / (every outcome but noop). */
    static String successRate(String sel, String window, String by) {
        return "sum by (" + by + ") (" + deploys(sel, "result=\"succeeded\"", window) + ") / sum by (" + by + ") ("
                + deploys(sel, ATTEMPTS, window) + ")";
    }

    static String changeFailRate(String sel, String window, String by) {
        return "sum by (" + by + ") (" + deploys(sel, FAILED, window) + ") / sum by (" + by + ") ("
                + deploys(sel, ATTEMPTS, window) + ")";
    }

    static String quantile(double q, String window) {
        return "histogram_quantile(" + q + ", sum by (le) (increase(zerofail_deployment_duration_seconds_bucket{" + SEL
                + ",result=\"succeeded\"}[" + window + "])))";
    }

    static String mean(String metric, String window) {
        return "sum(increase(" + metric + "_sum{" + SEL + "}[" + window + "])) / sum(increase(" + metric + "_count{" + SEL
                + "}[" + window + "]))";
    }

    public static final List<Panel> PANELS = List.of(
            new Panel("Deploy success rate (7 days)", "timeseries", "percentunit",
                    "Succeeded deploys / deploys that ended (noop left out), over the 7 days before each point; the line at 95% is the goal.",
                    List.of(new Target(successRate(SEL, "7d", "environment"), "{{environment}}", false),
                            new Target("vector(0.95)", "goal 95%", false))),
            new Panel("Deploys per day by result", "bars", "short", "Finished deploys in the day before each point, by outcome.",
                    List.of(new Target("sum by (result) (" + deploys(SEL, "result=~\".+\"", "1d") + ")", "{{result}}", false))),
            new Panel("Rollbacks by reason", "bars", "short", "Rollbacks in the day before each point, by what caused them.",
                    List.of(new Target("sum by (reason) (increase(zerofail_rollbacks_total{" + SEL + "}[1d]))", "{{reason}}", false))),
            new Panel("Deploy duration p50 / p95 (7 days)", "timeseries", "s",
                    "Start to verified success of succeeded deploys, from the histogram's buckets.",
                    List.of(new Target(quantile(0.5, "7d"), "p50", false), new Target(quantile(0.95, "7d"), "p95", false))),
            new Panel("Deploy duration heatmap", "heatmap", "s", "Finished deployments per duration bucket, per hour.",
                    List.of(new Target("sum by (le) (increase(zerofail_deployment_duration_seconds_bucket{" + SEL + "}[1h]))",
                            "{{le}}", false))),
            new Panel("Detection and restore time (mean, 7 days)", "timeseries", "s",
                    "First failed health check → rollback started (detection) and → old version healthy again (restore).",
                    List.of(new Target(mean("zerofail_rollback_detection_seconds", "7d"), "detection", false),
                            new Target(mean("zerofail_restore_seconds", "7d"), "restore", false))),
            new Panel("Deploys in progress", "stat", "short", "Deployments recorded as running now.",
                    List.of(new Target("sum(zerofail_deployment_in_progress{" + SEL + "})", "in progress", true))),
            new Panel("Service health", "table", "short", "Desired, running and healthy replicas of each service, and its image.",
                    List.of(new Target("zerofail_service_replicas{" + SEL + "}", "{{service}} {{state}}", true),
                            new Target("zerofail_service_info{" + SEL + "}", "{{service}} {{image}}", true))),
            new Panel("DORA: deployment frequency (deploys per day, 7 days)", "stat", "short",
                    "Succeeded deploys over 7 days / 7. zerofail stats has the exact DORA figures by calendar day.",
                    List.of(new Target("sum(" + deploys(SEL, "result=\"succeeded\"", "7d") + ") / 7", "per day", true))),
            new Panel("DORA: change fail rate (30 days)", "stat", "percentunit",
                    "Deploys that ended rolled back, rollback failed, failed pre-flight or interrupted / deploys that ended.",
                    List.of(new Target(changeFailRate(SEL, "30d", ""), "change fail rate", true))),
            new Panel("DORA: time to restore (mean, 30 days)", "stat", "s", "First failed check → old version healthy again.",
                    List.of(new Target(mean("zerofail_restore_seconds", "30d"), "restore", true))),
            new Panel("Audit checks", "table", "short", "The last audit: each check 1 passed / 0 failed, and its figures.",
                    List.of(new Target("zerofail_audit_check", "{{check}}", true),
                            new Target("zerofail_audit_placeholder_secrets", "placeholder secrets", true),
                            new Target("zerofail_audit_active_workflows", "active workflows", true),
                            new Target("zerofail_audit_compose_files", "compose files", true))));

    private static final String ALL = "environment=~\".+\"";

    public static final List<Alert> ALERTS = List.of(
            new Alert("ZerofailDeployRolledBack",
                    "sum by (environment, service) (increase(zerofail_deployments_total{result=\"rolled_back\"}[15m])) > 0", "0s",
                    "warning", "A deploy of {{ $labels.service }} in {{ $labels.environment }} failed and was rolled back",
                    "deploy-rolled-back"),
            new Alert("ZerofailRollbackFailed",
                    "sum by (environment, service) (increase(zerofail_deployments_total{result=\"rollback_failed\"}[15m])) > 0", "0s",
                    "page", "The rollback of {{ $labels.service }} in {{ $labels.environment }} failed: a person must act",
                    "rollback-failed"),
            new Alert("ZerofailSuccessRateLow", successRate(ALL, "7d", "environment") + " < 0.95", "15m", "warning",
                    "Deploy success rate in {{ $labels.environment }} is {{ $value | humanizePercentage }} over 7 days (goal 95%)",
                    "success-rate-below-95"),
            new Alert("ZerofailChangeFailRateHigh", changeFailRate(ALL, "30d", "environment") + " > 0.15", "15m", "warning",
                    "Change fail rate in {{ $labels.environment }} is {{ $value | humanizePercentage }} over 30 days (over 15%)",
                    "change-fail-rate-high"),
            new Alert("ZerofailDeployStuck", "max by (environment, service) (zerofail_deployment_in_progress) > 0", "30m", "warning",
                    "A deploy of {{ $labels.service }} in {{ $labels.environment }} has been running for over 30 minutes",
                    "deploy-stuck"),
            new Alert("ZerofailReplicasUnhealthy",
                    "zerofail_service_replicas{state=\"healthy\"} < ignoring(state) zerofail_service_replicas{state=\"desired\"}", "5m",
                    "warning", "{{ $labels.service }} in {{ $labels.environment }} has fewer healthy replicas than desired",
                    "replicas-unhealthy"),
            new Alert("ZerofailNoSuccessfulDeploy",
                    "time() - max by (environment, service) (zerofail_last_deployment_timestamp_seconds{result=\"succeeded\"}) > 14 * 86400",
                    "1h", "warning", "No successful deploy of {{ $labels.service }} in {{ $labels.environment }} for 14 days",
                    "no-successful-deploy"),
            new Alert("ZerofailServeDown", "up{job=\"zerofail\"} == 0", "5m", "page",
                    "zerofail serve ({{ $labels.instance }}) does not answer scrapes", "serve-down"),
            new Alert("ZerofailPlaceholderSecrets", "zerofail_audit_placeholder_secrets > 0", "0s", "warning",
                    "The last audit found {{ $value }} placeholder secret value(s)", "placeholder-secrets"));
}
