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
 * </pre>
 *
 * @param environment null: stats.production
 */
public record AuditConfig(String environment, int maxWorkflows, double successRatePercent, int streakDays,
        Duration meanDeployTime, int windowDays, int rollbackDays) {
    public static final dev.zerofail.core.ConfigKeys KEYS = dev.zerofail.core.ConfigKeys.of("audit", "environment", "max-workflows", "success-rate", "streak-days",
            "mean-deploy-time", "window-days", "rollback-days");

    public static AuditConfig defaults() {
        return new AuditConfig(null, 5, 95, 7, Duration.ofMinutes(5), 30, 30);
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
        return new AuditConfig(env, workflows, rate, streak, mean, window, rollback);
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
