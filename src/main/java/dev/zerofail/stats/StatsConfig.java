package dev.zerofail.stats;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Durations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code stats:} section of zerofail.yaml (docs/stats.md):
 * <pre>
 * stats:
 *   timezone: Europe/Berlin        # calendar days are counted here (default UTC)
 *   production: prod               # the environment the figures default to
 *   windows: [7, 30]               # days
 *   rollback-within: 24h           # a succeeded deploy rolled back this soon after counts as a change failure
 *   success-target: 95             # percent per calendar day
 *   streak-days: 7                 # consecutive deploy days at or above the target
 *   thresholds:
 *     deployment-frequency: {elite: 5, high: 1, medium: 0.23}   # deploy days per week, at least
 *     change-fail-rate: {elite: 5, high: 10, medium: 15}        # percent, at most
 *     recovery: {elite: 1h, high: 1d, medium: 1w}               # median, under
 *     lead-time: {elite: 1d, high: 1w, medium: 30d}             # median, under
 * </pre>
 */
public record StatsConfig(ZoneId zone, String production, List<Integer> windows, Duration rollbackWithin,
        double successTarget, int streakDays, Thresholds thresholds) {
    public static final ConfigKeys KEYS = ConfigKeys.of("stats", "timezone", "production", "windows", "rollback-within",
            "success-target", "streak-days", "thresholds");
    static final ConfigKeys THRESHOLD_KEYS = ConfigKeys.of("stats.thresholds", "deployment-frequency", "change-fail-rate",
            "recovery", "lead-time");
    static final ConfigKeys FREQUENCY_LEVELS = levelKeys("deployment-frequency");
    static final ConfigKeys CHANGE_FAIL_LEVELS = levelKeys("change-fail-rate");
    static final ConfigKeys RECOVERY_LEVELS = levelKeys("recovery");
    static final ConfigKeys LEAD_TIME_LEVELS = levelKeys("lead-time");

    private static ConfigKeys levelKeys(String figure) {
        return ConfigKeys.of("stats.thresholds." + figure, "elite", "high", "medium");
    }

    public StatsConfig {
        windows = List.copyOf(windows);
    }

    /** The 2023 DORA report's clusters (days per week at least; percent at most; durations under). */
    public record Thresholds(Levels deploymentFrequency, Levels changeFailRate, DurationLevels recovery,
            DurationLevels leadTime) {
        public static Thresholds dora2023() {
            return new Thresholds(new Levels(5, 1, 12.0 / 52), new Levels(5, 10, 15),
                    new DurationLevels(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7)),
                    new DurationLevels(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(30)));
        }
    }

    public record Levels(double elite, double high, double medium) {
    }

    public record DurationLevels(Duration elite, Duration high, Duration medium) {
    }

    public static StatsConfig defaults() {
        return new StatsConfig(ZoneId.of("UTC"), "prod", List.of(7, 30), Duration.ofHours(24), 95, 7,
                Thresholds.dora2023());
    }

    public static StatsConfig from(ConfigNode section) {
        section.requireKeys(KEYS);
        StatsConfig d = defaults();
        ZoneId zone = section.get("timezone").map(StatsConfig::zone).orElse(d.zone());
        String production = section.get("production").map(n -> {
            String v = n.string().trim();
            if (v.isEmpty()) {
                throw n.error("stats.production is empty", "name the production environment, for example prod");
            }
            return v;
        }).orElse(d.production());
        List<Integer> windows = d.windows();
        if (section.get("windows").isPresent()) {
            List<Integer> w = new ArrayList<>();
            for (ConfigNode item : section.get("windows").get().items()) {
                w.add(days(item));
            }
            if (w.isEmpty()) {
                throw section.get("windows").get().error("stats.windows is empty", "list window lengths in days, "
                        + "for example [7, 30]");
            }
            windows = w;
        }
        Duration within = section.get("rollback-within").map(StatsConfig::duration).orElse(d.rollbackWithin());
        double target = section.get("success-target").map(n -> number(n, 0, 100)).orElse(d.successTarget());
        int streak = section.get("streak-days").map(StatsConfig::days).orElse(d.streakDays());
        Thresholds t = section.get("thresholds").map(StatsConfig::thresholds).orElse(d.thresholds());
        return new StatsConfig(zone, production, windows, within, target, streak, t);
    }

    /** An IANA zone name such as Europe/Berlin; a usage error names the key. */
    static ZoneId zone(ConfigNode n) {
        return parseZone(n.string().trim(), n.where());
    }

    public static ZoneId parseZone(String text, String where) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw dev.zerofail.core.ZerofailException.usage(where, "unknown time zone '" + text + "'",
                    "use an IANA name such as UTC, Europe/Berlin or America/New_York");
        }
    }

    private static Thresholds thresholds(ConfigNode n) {
        n.requireKeys(THRESHOLD_KEYS);
        Thresholds d = Thresholds.dora2023();
        Levels freq = n.get("deployment-frequency").map(x -> levels(x, FREQUENCY_LEVELS, d.deploymentFrequency(), true)).orElse(d.deploymentFrequency());
        Levels cfr = n.get("change-fail-rate").map(x -> levels(x, CHANGE_FAIL_LEVELS, d.changeFailRate(), false)).orElse(d.changeFailRate());
        DurationLevels rec = n.get("recovery").map(x -> durationLevels(x, RECOVERY_LEVELS, d.recovery())).orElse(d.recovery());
        DurationLevels lead = n.get("lead-time").map(x -> durationLevels(x, LEAD_TIME_LEVELS, d.leadTime())).orElse(d.leadTime());
        return new Thresholds(freq, cfr, rec, lead);
    }

    private static Levels levels(ConfigNode n, ConfigKeys keys, Levels d, boolean higherIsBetter) {
        n.requireKeys(keys);
        double elite = n.get("elite").map(x -> number(x, 0, Double.MAX_VALUE)).orElse(d.elite());
        double high = n.get("high").map(x -> number(x, 0, Double.MAX_VALUE)).orElse(d.high());
        double medium = n.get("medium").map(x -> number(x, 0, Double.MAX_VALUE)).orElse(d.medium());
        boolean ordered = higherIsBetter ? elite >= high && high >= medium : elite <= high && high <= medium;
        if (!ordered) {
            throw n.error("the levels are out of order (elite " + elite + ", high " + high + ", medium " + medium + ")",
                    higherIsBetter ? "elite must be at least high, high at least medium" : "elite must be at most high, "
                            + "high at most medium");
        }
        return new Levels(elite, high, medium);
    }

    private static DurationLevels durationLevels(ConfigNode n, ConfigKeys keys, DurationLevels d) {
        n.requireKeys(keys);
        Duration elite = n.get("elite").map(StatsConfig::duration).orElse(d.elite());
        Duration high = n.get("high").map(StatsConfig::duration).orElse(d.high());
        Duration medium = n.get("medium").map(StatsConfig::duration).orElse(d.medium());
        if (elite.compareTo(high) > 0 || high.compareTo(medium) > 0) {
            throw n.error("the levels are out of order", "elite must be at most high, high at most medium");
        }
        return new DurationLevels(elite, high, medium);
    }

    /** 90m, 12h, 1d, 1w, or zerofail's duration spelling (250ms, 1.5h). */
    private static Duration duration(ConfigNode n) {
        String text = n.string().trim();
        Optional<Duration> ago = Durations.parseAgo(text);
        Duration v = ago.isPresent() && text.matches("(\\d+\\s*[mhdw])+") ? ago.get() : Durations.parse(text, n.where());
        if (v.isZero() || v.isNegative()) {
            throw n.error("expected a positive duration, got '" + text + "'", "for example 1h, 1d or 1w");
        }
        return v;
    }

    private static int days(ConfigNode n) {
        String text = n.string().trim();
        String digits = text.endsWith("d") ? text.substring(0, text.length() - 1) : text;
        try {
            int v = Integer.parseInt(digits);
            if (v >= 1 && v <= 366) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw n.error("expected a number of days from 1 to 366, got '" + text + "'", "for example 7 or 30");
    }

    private static double number(ConfigNode n, double min, double max) {
        String text = n.string().trim();
        try {
            double v = Double.parseDouble(text);
            if (v >= min && v <= max && !Double.isNaN(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw n.error("expected a number" + (max <= 100 ? " from " + (int) min + " to " + (int) max : " of 0 or more")
                + ", got '" + text + "'", "write a plain number such as 95");
    }
}
