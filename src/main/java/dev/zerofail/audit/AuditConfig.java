package dev.zerofail.audit;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Durations;
import java.time.Duration;
import java.util.List;

/**
 * The {@code audit:} section of zerofail.yaml: the thresholds of the definition of done.
 * <pre>
 * audit:
 *   environment: prod          # the environment whose deploys are judged (default: stats.production)
 *   max-workflows: 5           # active workflows, at most (the core set)
 *   success-rate: 95           # deploy success rate over the window, percent, at least
 *   streak-days: 7             # consecutive deploy days at or above success-rate
 *   mean-deploy-time: 5m       # mean time of a successful deploy, under
 *   window-days: 30            # the window of success rate and mean deploy time
 *   rollback-days: 30          # a verified automatic rollback or a passing drill this recent
 *   ci-failure-rate: 10        # failed CI runs over the window, percent of completed runs, at most
 *   ci-waste: 50               # dollars spent on failed CI runs over the window, at most (default: no limit)
 *   metrics-url: http://127.0.0.1:8080/metrics   # probed by the monitoring section (default: serve's bind/port if set)
 *   runbook: docs/operations.md                  # the runbook the docs section looks for (default: docs/runbook*.md, RUNBOOK*)
 * </pre>
 *
 * @param environment   null: stats.production
 * @param ciWasteDollars null: no limit, the figure is shown only
 * @param metricsUrl    null: serve's bind and port when the serve section sets one, else nothing is probed
 * @param runbook       null: the usual places
 */
public record AuditConfig(String environment, int maxWorkflows, double successRatePercent, int streakDays,
        Duration meanDeployTime, int windowDays, int rollbackDays, double ciFailureRatePercent,
        java.math.BigDecimal ciWasteDollars, java.net.URI metricsUrl, String runbook) {
    public static final dev.zerofail.core.ConfigKeys KEYS = dev.zerofail.core.ConfigKeys.of("audit", "environment", "max-workflows", "success-rate", "streak-days",
            "mean-deploy-time", "window-days", "rollback-days", "ci-failure-rate", "ci-waste", "metrics-url", "runbook");

    /**
     * CI failure rate 10%: the definition of done names no CI figure, and 0% would punish the red runs
     * that are CI doing its job on a pull request; one run in ten still flags a pipeline that fails for
     * reasons of its own (the 80–90% this tool was written for) and sits inside DORA's elite band for
     * change failure rate (0–15%).
     */
    public static AuditConfig defaults() {
        return new AuditConfig(null, 5, 95, 7, Duration.ofMinutes(5), 30, 30, 10, null, null, null);
    }

    /** The same thresholds, judging another environment's deploys. */
    public AuditConfig withEnvironment(String env) {
        return new AuditConfig(env, maxWorkflows, successRatePercent, streakDays, meanDeployTime, windowDays, rollbackDays,
                ciFailureRatePercent, ciWasteDollars, metricsUrl, runbook);
    }

    /**
     * The most active workflows the audit accepts: audit.max-workflows when set, else the size of the
     * planner's core set (workflows.core, five by default: the definition of done's limit).
     */
    public static int workflowLimit(dev.zerofail.core.ZerofailConfig config) {
        ConfigNode audit = config.section("audit");
        return audit.get("max-workflows").isPresent() ? from(audit).maxWorkflows()
                : dev.zerofail.workflow.WorkflowsConfig.from(config.section("workflows")).core().size();
    }

    public static AuditConfig from(ConfigNode section) {
        section.requireKeys(KEYS);
        AuditConfig d = defaults();
        String env = section.get("environment").map(n -> {
            String v = n.string().trim();
            if (v.isEmpty()) {
                throw n.error("audit.environment is empty", "name the environment whose deploys are judged, for example prod");
            }
            return v;
        }).orElse(d.environment());
        int workflows = section.get("max-workflows").map(n -> whole(n, 1, 1000)).orElse(d.maxWorkflows());
        double rate = section.get("success-rate").map(AuditConfig::percent).orElse(d.successRatePercent());
        int streak = section.get("streak-days").map(n -> whole(n, 1, 366)).orElse(d.streakDays());
        Duration mean = section.get("mean-deploy-time").map(AuditConfig::duration).orElse(d.meanDeployTime());
        int window = section.get("window-days").map(n -> whole(n, 1, 366)).orElse(d.windowDays());
        int rollback = section.get("rollback-days").map(n -> whole(n, 1, 366)).orElse(d.rollbackDays());
        double ciRate = section.get("ci-failure-rate").map(AuditConfig::percent).orElse(d.ciFailureRatePercent());
        java.math.BigDecimal waste = section.get("ci-waste").map(AuditConfig::dollars).orElse(d.ciWasteDollars());
        java.net.URI url = section.get("metrics-url").map(AuditConfig::url).orElse(d.metricsUrl());
        String runbook = section.get("runbook").map(n -> {
            String v = n.string().trim();
            if (v.isEmpty() || java.nio.file.Path.of(v).isAbsolute() || v.contains("..")) {
                throw n.error("audit.runbook must be a path inside the repository, got '" + v + "'",
                        "for example docs/runbook.md");
            }
            return v;
        }).orElse(d.runbook());
        return new AuditConfig(env, workflows, rate, streak, mean, window, rollback, ciRate, waste, url, runbook);
    }

    private static java.math.BigDecimal dollars(ConfigNode n) {
        String text = n.string().trim();
        try {
            java.math.BigDecimal v = new java.math.BigDecimal(text.startsWith("$") ? text.substring(1) : text);
            if (v.signum() >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw n.error("expected US dollars of 0 or more, got '" + text + "'", "write a plain number such as 50");
    }

    /** Only the URL itself is checked here; it is probed once, by the monitoring section, with a short timeout. */
    private static java.net.URI url(ConfigNode n) {
        String text = n.string().trim();
        try {
            java.net.URI u = new java.net.URI(text);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                return u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw n.error("expected an http(s) URL with a host, got '" + MonitoringAudit.shown(text) + "'",
                "for example http://127.0.0.1:8080/metrics");
    }

    private static int whole(ConfigNode n, int min, int max) {
        String text = n.string().trim();
        String digits = text.endsWith("d") ? text.substring(0, text.length() - 1) : text;
        try {
            int v = Integer.parseInt(digits);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw n.error("expected a whole number from " + min + " to " + max + ", got '" + text + "'", "for example " + min);
    }

    private static double percent(ConfigNode n) {
        String text = n.string().trim();
        try {
            double v = Double.parseDouble(text.endsWith("%") ? text.substring(0, text.length() - 1) : text);
            if (v >= 0 && v <= 100) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw n.error("expected a percentage from 0 to 100, got '" + text + "'", "write a plain number such as 95");
    }

    private static Duration duration(ConfigNode n) {
        Duration v = Durations.parse(n.string().trim(), n.where());
        if (v.isZero() || v.isNegative()) {
            throw n.error("expected a positive duration, got '" + n.string() + "'", "for example 5m or 300s");
        }
        return v;
    }
}
