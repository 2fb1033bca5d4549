package dev.zerofail.metrics;

import java.util.List;

/** The rollback reasons the metrics name, from the gate that stopped the rollout. */
final class Reasons {
    static final String HEALTH = "health";
    static final String CRASH = "crash";
    static final String HTTP = "http";
    static final String PROMETHEUS = "prometheus";
    static final String TIMEOUT = "timeout";
    static final String MANUAL = "manual";
    static final List<String> ALL = List.of(HEALTH, CRASH, HTTP, PROMETHEUS, TIMEOUT, MANUAL);

    /** The gates RolloutWatch records; every one of them a health check. */
    static final List<String> CHECKS = List.of("container-health", "http", "prometheus", "timeout", "task-exit", "task-state",
            "swarm-update", "service");

    private Reasons() {
    }

    /**
     * container-health → health; http, prometheus, timeout as named; a task that exited or failed,
     * Swarm pausing the update (it does so when a task fails) or the service vanishing → crash.
     */
    static String of(String gate) {
        if (gate == null) {
            return CRASH;
        }
        return switch (gate) {
            case "container-health" -> HEALTH;
            case "http" -> HTTP;
            case "prometheus" -> PROMETHEUS;
            case "timeout" -> TIMEOUT;
            default -> CRASH;
        };
    }
}
