package dev.zerofail.metrics;

import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A history whose metrics are worked out by hand (the figures in the comments are what the tests
 * expect), written through the real store: prod/api, prod/web, staging/api.
 *
 * <pre>
 *  #  env/service   kind       outcome          seconds  what the gates and events say
 *  1  prod/api      deploy     succeeded        40       updating +5, healthy +25, succeeded +40
 *  2  prod/api      deploy     succeeded        100      updating +10, healthy +70, succeeded +100
 *  3  prod/api      deploy     rolled_back      57       http fails +20 and +23, rollback-started +26, rolled-back +56
 *                                                        → reason http, detection 6 s, restore 36 s
 *  4  prod/api      rollback   succeeded        20       manual rollback → reason manual
 *  5  prod/api      deploy     noop             1
 *  6  prod/web      deploy     rollback_failed  93       container-health fails +30, rollback-started +32, rollback-failed +92
 *                                                        → reason health, detection 2 s, no restore
 *  7  prod/web      emergency  succeeded        10       20 days ago: updating +2, healthy +8, succeeded +10
 *  8  prod/web      deploy     failed_preflight 2        preflight.secrets fails (not a health check)
 *  9  staging/api   deploy     rolled_back      21       task-exit +12, rollback-started +13, rolled-back +20
 *                                                        → reason crash, detection 1 s, restore 8 s
 * 10  staging/api   DRILL      rolled_back      30       a rollback drill: only zerofail_drills_total counts it
 * 11  staging/api   deploy     (running)                 in progress
 * </pre>
 * Deploys of prod (deploy + emergency, noop left out): 3 succeeded of 6 → success rate 0.5, change fail rate 0.5.
 */
final class KnownHistory {
    static final List<Scope> SCOPES = List.of(new Scope("prod", "shop", "api"), new Scope("prod", "shop", "web"),
            new Scope("staging", "shop-staging", "api"));

    private final HistoryStore store;
    private final Instant now;

    KnownHistory(HistoryStore store, Instant now) {
        this.store = store;
        this.now = now;
    }

    /** Writes deployments 1–9 and 11 through the store and the drill (10) with SQL (the DRILL kind is another branch's). */
    void write(String sqliteUrl) throws SQLException {
        Instant t = now.minus(Duration.ofHours(2));
        deploy("prod", "api", DeployKind.DEPLOY, t, DeployState.SUCCEEDED, 40, ev(5, "updating"), ev(25, "deploy-healthy"),
                ev(40, "succeeded"), gate(24, "container-health", true));
        deploy("prod", "api", DeployKind.DEPLOY, t.plusSeconds(600), DeployState.SUCCEEDED, 100, ev(10, "updating"),
                ev(70, "deploy-healthy"), ev(100, "succeeded"));
        deploy("prod", "api", DeployKind.DEPLOY, t.plusSeconds(1200), DeployState.ROLLED_BACK, 57, ev(5, "updating"),
                gate(20, "http", false), gate(23, "http", false), ev(26, "rollback-started"), ev(56, "rolled-back"));
        deploy("prod", "api", DeployKind.ROLLBACK, t.plusSeconds(1800), DeployState.SUCCEEDED, 20, ev(3, "updating"),
                ev(15, "deploy-healthy"), ev(20, "succeeded"));
        deploy("prod", "api", DeployKind.DEPLOY, t.plusSeconds(2400), DeployState.NOOP, 1, ev(1, "noop"));
        deploy("prod", "web", DeployKind.DEPLOY, t.plusSeconds(100), DeployState.ROLLBACK_FAILED, 93, ev(4, "updating"),
                gate(30, "container-health", false), ev(32, "rollback-started"), ev(92, "rollback-failed"));
        deploy("prod", "web", DeployKind.EMERGENCY, now.minus(Duration.ofDays(20)), DeployState.SUCCEEDED, 10, ev(2, "updating"),
                ev(8, "deploy-healthy"), ev(10, "succeeded"));
        deploy("prod", "web", DeployKind.DEPLOY, t.plusSeconds(3000), DeployState.FAILED_PREFLIGHT, 2,
                gate(1, "preflight.secrets", false));
        deploy("staging", "api", DeployKind.DEPLOY, t.plusSeconds(300), DeployState.ROLLED_BACK, 21, ev(2, "updating"),
                gate(12, "task-exit", false), ev(13, "rollback-started"), ev(20, "rolled-back"));
        try (Connection c = DriverManager.getConnection(sqliteUrl);
                PreparedStatement ps = c.prepareStatement("INSERT INTO deployments (environment, service, kind, state, actor, "
                        + "started_at_ms, finished_at_ms) VALUES ('staging', 'api', 'DRILL', 'ROLLED_BACK', 'ci', ?, ?)")) {
            ps.setLong(1, t.plusSeconds(400).toEpochMilli());
            ps.setLong(2, t.plusSeconds(430).toEpochMilli());
            ps.executeUpdate();
        }
        store.start(draft("staging", "api", DeployKind.DEPLOY, now.minusSeconds(30)));
    }

    private record Step(int at, String event, String gate, boolean passed) {
    }

    private static Step ev(int at, String phase) {
        return new Step(at, phase, null, false);
    }

    private static Step gate(int at, String gate, boolean passed) {
        return new Step(at, null, gate, passed);
    }

    private void deploy(String env, String service, DeployKind kind, Instant start, DeployState end, int seconds, Step... steps) {
        long id = store.start(draft(env, service, kind, start));
        store.event(new DeployEvent(id, start, "started", "started"));
        for (Step s : steps) {
            Instant at = start.plusSeconds(s.at());
            if (s.event() != null) {
                store.event(new DeployEvent(id, at, s.event(), s.event()));
            } else {
                store.gate(new GateResult(id, at, s.gate(), "task", s.passed(), "detail"));
            }
        }
        store.finish(id, end, 0, null, null, start.plusSeconds(seconds));
    }

    static Deployment draft(String env, String service, DeployKind kind, Instant start) {
        return new Deployment(0, env, service, kind, null, "ci", "test", "acme/" + service + ":1", "acme/" + service + ":2",
                null, null, null, null, null, null, start, null, null, null, kind == DeployKind.EMERGENCY);
    }
}
