package dev.zerofail.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.DeploymentSummary;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployMetricsTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path dir;
    HistoryStore store;
    String url;

    @BeforeEach
    void open() {
        url = "jdbc:sqlite:" + dir.resolve("history.db");
        store = JdbcHistoryStore.open(url, null, null, CLOCK, JdbcHistoryStore.DEFAULT_LEASE);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private String scrape(DeployMetrics m) {
        return Exposition.forAccept(null).toText(m.scrape(List.of(), null));
    }

    /** name{labels} value, for every sample line. */
    static Map<String, Double> samples(String text) {
        return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .collect(Collectors.toMap(l -> l.substring(0, l.lastIndexOf(' ')),
                        l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), (a, b) -> a, java.util.TreeMap::new));
    }

    /** Labels in any order (the exposition writes them sorted by name). */
    static double value(Map<String, Double> s, String name, String labels) {
        // sorted by name, except that a histogram's le comes last
        String key = name + "{" + java.util.Arrays.stream(labels.split(",(?=[a-z_]+=\")"))
                .sorted(java.util.Comparator.comparing((String l) -> l.startsWith("le=")).thenComparing(l -> l))
                .collect(Collectors.joining(",")) + "}";
        assertThat(s.containsKey(key)).as("series %s among %s series", key, s.size()).isTrue();
        return s.get(key);
    }

    @Test
    void anEmptyStoreExposesEveryConfiguredSeriesAtZero() {
        Map<String, Double> s = samples(scrape(new DeployMetrics(store, KnownHistory.SCOPES, "1.2.3", CLOCK)));
        assertThat(value(s, "zerofail_build_info", "version=\"1.2.3\"")).isEqualTo(1);
        for (Scope sc : KnownHistory.SCOPES) {
            String es = "environment=\"" + sc.environment() + "\",service=\"" + sc.service() + "\"";
            for (String kind : DeployMetrics.KINDS) {
                for (String result : DeployMetrics.RESULTS) {
                    assertThat(value(s, "zerofail_deployments_total", es + ",kind=\"" + kind + "\",result=\"" + result + "\"")).isZero();
                }
            }
            for (String reason : Reasons.ALL) {
                assertThat(value(s, "zerofail_rollbacks_total", es + ",reason=\"" + reason + "\"")).isZero();
            }
            assertThat(value(s, "zerofail_deployment_in_progress", es)).isZero();
            assertThat(value(s, "zerofail_rollback_detection_seconds_count", es)).isZero();
            assertThat(value(s, "zerofail_deployment_duration_seconds_bucket", es + ",result=\"succeeded\",le=\"+Inf\"")).isZero();
        }
        assertThat(s.keySet()).noneMatch(k -> k.startsWith("zerofail_service_") || k.startsWith("zerofail_audit_"));
    }

    @Test
    void countsTheKnownHistory() throws Exception {
        new KnownHistory(store, NOW).write(url);
        Map<String, Double> s = samples(scrape(new DeployMetrics(store, KnownHistory.SCOPES, "1", CLOCK)));
        String api = "environment=\"prod\",service=\"api\"";
        String web = "environment=\"prod\",service=\"web\"";
        String stg = "environment=\"staging\",service=\"api\"";
        assertThat(value(s, "zerofail_deployments_total", api + ",kind=\"deploy\",result=\"succeeded\"")).isEqualTo(2);
        assertThat(value(s, "zerofail_deployments_total", api + ",kind=\"deploy\",result=\"rolled_back\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_deployments_total", api + ",kind=\"rollback\",result=\"succeeded\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_deployments_total", api + ",kind=\"deploy\",result=\"noop\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_deployments_total", web + ",kind=\"deploy\",result=\"rollback_failed\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_deployments_total", web + ",kind=\"emergency\",result=\"succeeded\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_deployments_total", web + ",kind=\"deploy\",result=\"failed_preflight\"")).isEqualTo(1);
        // the drill is not a deployment, and the running deploy has not finished
        assertThat(value(s, "zerofail_deployments_total", stg + ",kind=\"deploy\",result=\"rolled_back\"")).isEqualTo(1);
        assertThat(s.entrySet().stream().filter(e -> e.getKey().startsWith("zerofail_deployments_total{")
                        && e.getKey().contains("environment=\"staging\"") && e.getKey().contains("service=\"api\""))
                .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(1);
        assertThat(value(s, "zerofail_drills_total", stg + ",result=\"rolled_back\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_deployment_in_progress", stg)).isEqualTo(1);
        assertThat(value(s, "zerofail_deployment_in_progress", api)).isZero();

        assertThat(value(s, "zerofail_rollbacks_total", api + ",reason=\"http\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_rollbacks_total", api + ",reason=\"manual\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_rollbacks_total", web + ",reason=\"health\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_rollbacks_total", stg + ",reason=\"crash\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_rollbacks_total", stg + ",reason=\"timeout\"")).isZero();

        assertThat(value(s, "zerofail_rollback_detection_seconds_sum", api)).isEqualTo(6);
        assertThat(value(s, "zerofail_restore_seconds_sum", api)).isEqualTo(36);
        assertThat(value(s, "zerofail_rollback_detection_seconds_sum", web)).isEqualTo(2);
        assertThat(value(s, "zerofail_restore_seconds_count", web)).isZero();
        assertThat(value(s, "zerofail_restore_seconds_sum", stg)).isEqualTo(8);

        assertThat(value(s, "zerofail_health_check_failures_total", api + ",check=\"http\"")).isEqualTo(2);
        assertThat(value(s, "zerofail_health_check_failures_total", web + ",check=\"container-health\"")).isEqualTo(1);
        assertThat(s.keySet()).noneMatch(k -> k.contains("preflight.secrets"));

        // succeeded on prod/api: 40 s, 100 s (deploys) and 20 s (the manual rollback)
        assertThat(value(s, "zerofail_deployment_duration_seconds_count", api + ",result=\"succeeded\"")).isEqualTo(3);
        assertThat(value(s, "zerofail_deployment_duration_seconds_sum", api + ",result=\"succeeded\"")).isEqualTo(160);
        assertThat(value(s, "zerofail_deployment_duration_seconds_bucket", api + ",result=\"succeeded\",le=\"30.0\"")).isEqualTo(1);
        assertThat(value(s, "zerofail_deployment_duration_seconds_bucket", api + ",result=\"succeeded\",le=\"60.0\"")).isEqualTo(2);
        assertThat(value(s, "zerofail_deployment_duration_seconds_bucket", api + ",result=\"succeeded\",le=\"120.0\"")).isEqualTo(3);
        // phases of prod/api: preflight 5+10+5+3, rollout 20+60+21+12, monitor 15+30+5, rollback 30
        assertThat(value(s, "zerofail_deployment_phase_duration_seconds_sum", api + ",phase=\"preflight\"")).isEqualTo(23);
        assertThat(value(s, "zerofail_deployment_phase_duration_seconds_sum", api + ",phase=\"rollout\"")).isEqualTo(113);
        assertThat(value(s, "zerofail_deployment_phase_duration_seconds_sum", api + ",phase=\"monitor\"")).isEqualTo(50);
        assertThat(value(s, "zerofail_deployment_phase_duration_seconds_sum", api + ",phase=\"rollback\"")).isEqualTo(30);

        Instant emergencyEnd = NOW.minus(Duration.ofDays(20)).plusSeconds(10);
        assertThat(value(s, "zerofail_last_deployment_timestamp_seconds", web + ",result=\"succeeded\""))
                .isCloseTo(emergencyEnd.toEpochMilli() / 1000.0, within(0.001));
    }

    @Test
    void aDeploymentThatFinishesLaterIsCountedOnceAndReplicasAgree() throws Exception {
        DeployMetrics early = new DeployMetrics(store, KnownHistory.SCOPES, "1", CLOCK);
        String before = scrape(early);
        long id = store.start(KnownHistory.draft("prod", "api", DeployKind.DEPLOY, NOW.minusSeconds(60)));
        assertThat(value(samples(scrape(early)), "zerofail_deployment_in_progress", "environment=\"prod\",service=\"api\"")).isEqualTo(1);
        new KnownHistory(store, NOW).write(url);
        scrape(early);
        store.finish(id, DeployState.SUCCEEDED, 0, null, null, NOW);
        String a = scrape(early);
        String again = scrape(early);
        String b = scrape(new DeployMetrics(store, KnownHistory.SCOPES, "1", CLOCK));
        assertThat(a).isEqualTo(again).isEqualTo(b).isNotEqualTo(before);
        assertThat(value(samples(a), "zerofail_deployments_total", "environment=\"prod\",service=\"api\",kind=\"deploy\",result=\"succeeded\""))
                .isEqualTo(3);
    }

    @Test
    void aRowCommittedAfterAHigherIdIsStillCounted() throws Exception {
        // PostgreSQL can commit id 2 before id 1: the first look sees only 2, the next one finds 1
        long first = store.start(KnownHistory.draft("prod", "api", DeployKind.DEPLOY, NOW.minusSeconds(60)));
        store.finish(first, DeployState.SUCCEEDED, 0, null, null, NOW.minusSeconds(30));
        long second = store.start(KnownHistory.draft("prod", "web", DeployKind.DEPLOY, NOW.minusSeconds(50)));
        store.finish(second, DeployState.SUCCEEDED, 0, null, null, NOW.minusSeconds(20));
        AtomicBoolean hide = new AtomicBoolean(true);
        HistoryStore hiding = hiding(store, first, hide);
        DeployMetrics m = new DeployMetrics(hiding, KnownHistory.SCOPES, "1", CLOCK);
        String sel = ",kind=\"deploy\",result=\"succeeded\"";
        Map<String, Double> s1 = samples(scrape(m));
        assertThat(value(s1, "zerofail_deployments_total", "environment=\"prod\",service=\"api\"" + sel)).isZero();
        assertThat(value(s1, "zerofail_deployments_total", "environment=\"prod\",service=\"web\"" + sel)).isEqualTo(1);
        hide.set(false);
        Map<String, Double> s2 = samples(scrape(m));
        assertThat(value(s2, "zerofail_deployments_total", "environment=\"prod\",service=\"api\"" + sel)).isEqualTo(1);
        assertThat(value(s2, "zerofail_deployments_total", "environment=\"prod\",service=\"web\"" + sel)).isEqualTo(1);
    }

    @Test
    void aScrapeReadsOnlyWhatChanged() throws Exception {
        new KnownHistory(store, NOW).write(url);
        DeployMetrics m = new DeployMetrics(store, KnownHistory.SCOPES, "1", CLOCK);
        scrape(m);
        long afterFirst = m.rowsRead();
        assertThat(afterFirst).isEqualTo(11);
        scrape(m);
        // the one running deployment is read again, nothing else
        assertThat(m.rowsRead() - afterFirst).isEqualTo(1);
    }

    @Test
    void forServiceCountsOnlyThatService() throws Exception {
        new KnownHistory(store, NOW).write(url);
        Map<String, Double> s = samples(scrape(DeployMetrics.forService(store, "prod", "shop", "web", "1", CLOCK)));
        assertThat(s.keySet()).filteredOn(k -> k.startsWith("zerofail_deployments_total"))
                .isNotEmpty().allMatch(k -> k.contains("environment=\"prod\"") && k.contains("service=\"web\""));
        assertThat(value(s, "zerofail_deployments_total", "environment=\"prod\",service=\"web\",kind=\"emergency\",result=\"succeeded\""))
                .isEqualTo(1);
    }

    /** The store, with one deployment's row missing from summariesAfter while {@code hide} is set. */
    static HistoryStore hiding(HistoryStore store, long id, AtomicBoolean hide) {
        InvocationHandler h = (proxy, method, args) -> {
            Object r = method.invoke(store, args);
            if (hide.get() && (method.getName().equals("summariesAfter") || method.getName().equals("summaries"))) {
                return ((List<?>) r).stream().filter(d -> ((DeploymentSummary) d).id() != id).toList();
            }
            return r;
        };
        return (HistoryStore) Proxy.newProxyInstance(HistoryStore.class.getClassLoader(), new Class<?>[] {HistoryStore.class}, h);
    }

    static Pattern NAME = Pattern.compile("^([a-z_]+)");

    static List<String> names(String text) {
        return text.lines().filter(l -> !l.startsWith("#")).map(NAME::matcher).filter(Matcher::find).map(m -> m.group(1))
                .distinct().toList();
    }
}
