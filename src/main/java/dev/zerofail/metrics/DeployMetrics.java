package dev.zerofail.metrics;

import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Scorecard;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.history.DeploymentSummary;
import dev.zerofail.history.HistoryStore;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * zerofail's Prometheus metrics (docs/metrics.md). Deployment figures are totals computed from the
 * history store, followed incrementally ({@link StoreFollower}), so they survive restarts and every
 * {@code serve} replica on one PostgreSQL store exposes the same values. Service and audit figures
 * come from the caller, who has them (or not: then those series are left out).
 *
 * <p>Rollback drills (kind DRILL) never count as deployments: they have their own counter
 * {@code zerofail_drills_total} and are left out of every other deployment metric.
 */
public final class DeployMetrics {
    static final List<String> KINDS = List.of("deploy", "rollback", "emergency");
    static final List<String> RESULTS = List.of("succeeded", "rolled_back", "rollback_failed", "failed_preflight", "noop",
            "interrupted");
    static final List<String> PHASES = List.of("preflight", "rollout", "monitor", "rollback");
    private static final List<String> ES = List.of("environment", "service");

    static final Tally.Family DEPLOYMENTS = new Tally.Family("zerofail_deployments",
            "Finished deployments (deploys, rollbacks, emergency deploys) by outcome, from the history store.",
            List.of("environment", "service", "kind", "result"));
    static final Tally.Family DRILLS = new Tally.Family("zerofail_drills",
            "Finished rollback drills by outcome; drills are not deployments and no other metric counts them.",
            List.of("environment", "service", "result"));
    static final Tally.Family ROLLBACKS = new Tally.Family("zerofail_rollbacks",
            "Rollbacks by reason: automatic ones by the health check that stopped the rollout, manual ones by zerofail rollback.",
            List.of("environment", "service", "reason"));
    static final Tally.Family CHECK_FAILURES = new Tally.Family("zerofail_health_check_failures",
            "Failed health checks of finished deployments, by check (pre-flight gates are not counted).",
            List.of("environment", "service", "check"));
    static final Tally.Family DURATION = new Tally.Family("zerofail_deployment_duration_seconds",
            "Time from a deployment's start to its end, by outcome.", List.of("environment", "service", "result"),
            new double[] {1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600});
    static final Tally.Family PHASE = new Tally.Family("zerofail_deployment_phase_duration_seconds",
            "Time a deployment spent in each phase (preflight, rollout, monitor, rollback).",
            List.of("environment", "service", "phase"), new double[] {0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600});
    static final Tally.Family DETECTION = new Tally.Family("zerofail_rollback_detection_seconds",
            "Time from the first failed health check to the start of the automatic rollback.", ES,
            new double[] {0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600});
    static final Tally.Family RESTORE = new Tally.Family("zerofail_restore_seconds",
            "Time from the first failed health check until the old version was healthy again (rolled back).", ES,
            new double[] {1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600});
    static final Tally.Family LAST = new Tally.Family("zerofail_last_deployment_timestamp_seconds",
            "When the last deployment with this outcome finished (Unix time).", List.of("environment", "service", "result"));

    private final HistoryStore store;
    private final List<Scope> scopes;
    private final String version;
    private final BiPredicate<String, String> only;
    private final Tally tally = new Tally();
    private final StoreFollower follower;

    /** Every deployment of the store; series of the scopes start at 0. */
    public DeployMetrics(HistoryStore store, List<Scope> scopes, String version, Clock clock) {
        this(store, scopes, version, clock, (e, s) -> true);
    }

    private DeployMetrics(HistoryStore store, List<Scope> scopes, String version, Clock clock, BiPredicate<String, String> only) {
        this.store = store;
        this.scopes = List.copyOf(scopes);
        this.version = version;
        this.only = only;
        this.follower = new StoreFollower(store, clock, this::add);
        for (Scope s : this.scopes) {
            List<String> es = List.of(s.environment(), s.service());
            for (String kind : KINDS) {
                for (String result : RESULTS) {
                    tally.init(DEPLOYMENTS, List.of(s.environment(), s.service(), kind, result));
                }
            }
            Reasons.ALL.forEach(r -> tally.init(ROLLBACKS, List.of(s.environment(), s.service(), r)));
            Reasons.CHECKS.forEach(c -> tally.init(CHECK_FAILURES, List.of(s.environment(), s.service(), c)));
            RESULTS.forEach(r -> tally.init(DURATION, List.of(s.environment(), s.service(), r)));
            PHASES.forEach(p -> tally.init(PHASE, List.of(s.environment(), s.service(), p)));
            tally.init(DETECTION, es);
            tally.init(RESTORE, es);
        }
    }

    /** One service's deployments only: what {@code --pushgateway} sends after a deploy or rollback. */
    public static DeployMetrics forService(HistoryStore store, String environment, String stack, String service, String version,
            Clock clock) {
        return new DeployMetrics(store, List.of(new Scope(environment, stack, service)), version, clock,
                (e, s) -> e.equals(environment) && s.equals(service));
    }

    /**
     * Reads what changed in the store and returns every metric. {@code statuses}: the services as
     * {@code zerofail status} sees them now, per environment (empty when Docker is not reachable:
     * the service series are then left out); {@code audit}: the last audit, or null.
     */
    public synchronized MetricSnapshots scrape(List<StatusResult> statuses, AuditResult audit) {
        follower.poll();
        List<MetricSnapshot> out = new ArrayList<>();
        out.add(InfoSnapshot.builder().name("zerofail_build").help("The zerofail version serving these metrics.")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("version", version)).build()).build());
        out.addAll(tally.snapshots());
        out.add(inProgress());
        if (!statuses.isEmpty()) {
            out.addAll(services(statuses));
        }
        if (audit != null) {
            out.addAll(audit(audit));
        }
        return new MetricSnapshots(out);
    }

    private void add(RunFacts f) {
        if (!only.test(f.environment(), f.service())) {
            return;
        }
        List<String> es = List.of(f.environment(), f.service());
        if (f.drill()) {
            tally.inc(DRILLS, List.of(f.environment(), f.service(), f.result()));
            return;
        }
        if (!KINDS.contains(f.kind()) || !RESULTS.contains(f.result())) {
            return; // a kind or state this version does not know: left out rather than a new label value
        }
        tally.inc(DEPLOYMENTS, List.of(f.environment(), f.service(), f.kind(), f.result()));
        tally.observe(DURATION, List.of(f.environment(), f.service(), f.result()), f.seconds());
        f.phases().forEach((phase, s) -> tally.observe(PHASE, List.of(f.environment(), f.service(), phase), s));
        f.failedChecks().stream().filter(Reasons.CHECKS::contains)
                .forEach(c -> tally.inc(CHECK_FAILURES, List.of(f.environment(), f.service(), c)));
        if (f.rollback() != null) {
            tally.inc(ROLLBACKS, List.of(f.environment(), f.service(), f.rollback().reason()));
            if (f.rollback().detectionSeconds() != null) {
                tally.observe(DETECTION, es, f.rollback().detectionSeconds());
            }
            if (f.rollback().restoreSeconds() != null) {
                tally.observe(RESTORE, es, f.rollback().restoreSeconds());
            }
        }
        if (f.finishedAt() != null) {
            tally.max(LAST, List.of(f.environment(), f.service(), f.result()), f.finishedAt().toEpochMilli());
        }
    }

    private MetricSnapshot inProgress() {
        Map<List<String>, Long> counts = new TreeMap<>((a, b) -> (a.get(0) + '\0' + a.get(1)).compareTo(b.get(0) + '\0' + b.get(1)));
        scopes.forEach(s -> counts.put(List.of(s.environment(), s.service()), 0L));
        for (DeploymentSummary d : follower.running()) {
            if (!d.kind().equals("DRILL") && only.test(d.environment(), d.service())) {
                counts.merge(List.of(d.environment(), d.service()), 1L, Long::sum);
            }
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("zerofail_deployment_in_progress")
                .help("Deployments running now (recorded RUNNING in the history store).");
        counts.forEach((k, n) -> b.dataPoint(gauge(n, "environment", k.get(0), "service", k.get(1))));
        return b.build();
    }

    private List<MetricSnapshot> services(List<StatusResult> statuses) {
        GaugeSnapshot.Builder replicas = GaugeSnapshot.builder().name("zerofail_service_replicas")
                .help("A service's replicas in Swarm: desired, running, and running and passing their health check.");
        GaugeSnapshot.Builder info = GaugeSnapshot.builder().name("zerofail_service_info")
                .help("The image a service's Swarm spec runs (always 1).");
        for (StatusResult st : statuses) {
            String stack = scopes.stream().filter(s -> s.environment().equals(st.environment())).map(Scope::stack).findFirst()
                    .orElse(st.environment());
            for (Inspector.ServiceStatus s : st.services()) {
                if (!s.deployed()) {
                    continue;
                }
                for (String state : List.of("desired", "running", "healthy")) {
                    long n = state.equals("desired") ? s.desired() : state.equals("running") ? s.running() : s.healthy();
                    replicas.dataPoint(gauge(n, "environment", st.environment(), "service", s.service(), "stack", stack,
                            "state", state));
                }
                info.dataPoint(gauge(1, "environment", st.environment(), "service", s.service(), "stack", stack,
                        "image", s.image() == null ? "" : s.image()));
            }
        }
        return List.of(replicas.build(), info.build());
    }

    private static List<MetricSnapshot> audit(AuditResult audit) {
        GaugeSnapshot.Builder checks = GaugeSnapshot.builder().name("zerofail_audit_check")
                .help("Each audit check: 1 passed, 0 failed (from the last audit).");
        for (Scorecard.Section section : audit.scorecard().sections()) {
            for (Scorecard.Check c : section.checks()) {
                checks.dataPoint(gauge(c.passed() ? 1 : 0, "check", c.id()));
            }
        }
        return List.of(checks.build(),
                single("zerofail_audit_placeholder_secrets", "Placeholder secret values the last audit's scan found.",
                        audit.scan() == null ? 0 : audit.scan().placeholders()),
                single("zerofail_audit_active_workflows", "Active CI workflows the last audit counted.",
                        audit.workflows() == null ? 0 : audit.workflows().workflows()),
                single("zerofail_audit_compose_files", "Compose files the last audit found.",
                        audit.compose() == null ? 0 : audit.compose().files()));
    }

    private static GaugeSnapshot single(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(double value, String... labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of(labels)).value(value).build();
    }

    /** Rows of the deployments table read so far (the benchmark's measure of a scrape's cost). */
    public long rowsRead() {
        return follower.rowsRead();
    }

    HistoryStore store() {
        return store;
    }
}
