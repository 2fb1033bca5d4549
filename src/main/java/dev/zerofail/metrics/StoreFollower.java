package dev.zerofail.metrics;

import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.DeploymentSummary;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Follows the history store incrementally, so a scrape costs what changed since the last one, not
 * what the store holds: deployments with an id above the highest seen, plus the ones still RUNNING
 * at the last look, plus ids skipped over. Each deployment is handed to the sink once, when it has
 * finished, with its events and gates. The first poll reads the whole table once (in batches).
 *
 * <p>A skipped id is a row whose insert had not committed when a higher id had (PostgreSQL hands
 * out identity values before commit; two deploys writing at once can commit out of order); it is
 * looked for again until {@link #GAP_WAIT} has passed, then taken for a rolled-back insert.
 */
final class StoreFollower {
    static final int BATCH = 5_000;
    static final Duration GAP_WAIT = Duration.ofMinutes(2);
    static final int MAX_GAP = 1_000;

    private final HistoryStore store;
    private final Clock clock;
    private final Consumer<RunFacts> sink;
    private long lastId;
    private final Map<Long, DeploymentSummary> running = new TreeMap<>();
    private final Map<Long, Instant> gaps = new TreeMap<>();
    private long rowsRead;

    StoreFollower(HistoryStore store, Clock clock, Consumer<RunFacts> sink) {
        this.store = store;
        this.clock = clock;
        this.sink = sink;
    }

    /** Reads what changed and hands every newly finished deployment to the sink, lowest id first. */
    synchronized void poll() {
        Instant now = clock.instant();
        List<DeploymentSummary> finished = new ArrayList<>();
        List<Long> recheck = new ArrayList<>(running.keySet());
        gaps.entrySet().removeIf(e -> Duration.between(e.getValue(), now).compareTo(GAP_WAIT) > 0);
        recheck.addAll(gaps.keySet());
        if (!recheck.isEmpty()) {
            for (DeploymentSummary d : store.summaries(recheck)) {
                rowsRead++;
                gaps.remove(d.id());
                if (isRunning(d)) {
                    running.put(d.id(), d);
                } else {
                    running.remove(d.id());
                    finished.add(d);
                }
            }
        }
        while (true) {
            List<DeploymentSummary> batch = store.summariesAfter(lastId, BATCH);
            rowsRead += batch.size();
            for (DeploymentSummary d : batch) {
                // a jump of more than MAX_GAP ids is not a few inserts in flight (an identity cache, a restart)
                for (long missing = Math.max(lastId + 1, d.id() - MAX_GAP); missing < d.id(); missing++) {
                    gaps.put(missing, now);
                }
                lastId = d.id();
                if (isRunning(d)) {
                    running.put(d.id(), d);
                } else {
                    finished.add(d);
                }
            }
            emit(finished);
            finished.clear();
            if (batch.size() < BATCH) {
                break;
            }
        }
    }

    /** Deployments RUNNING at the last poll. */
    synchronized List<DeploymentSummary> running() {
        return List.copyOf(running.values());
    }

    /** Rows read since this follower started (for the benchmark). */
    synchronized long rowsRead() {
        return rowsRead;
    }

    private void emit(List<DeploymentSummary> finished) {
        if (finished.isEmpty()) {
            return;
        }
        finished.sort(java.util.Comparator.comparingLong(DeploymentSummary::id));
        Collection<Long> ids = finished.stream().map(DeploymentSummary::id).toList();
        Map<Long, List<DeployEvent>> events = new HashMap<>();
        for (DeployEvent e : store.events(ids)) {
            events.computeIfAbsent(e.deploymentId(), k -> new ArrayList<>()).add(e);
        }
        Map<Long, List<GateResult>> gates = new LinkedHashMap<>();
        for (GateResult g : store.gates(ids)) {
            gates.computeIfAbsent(g.deploymentId(), k -> new ArrayList<>()).add(g);
        }
        for (DeploymentSummary d : finished) {
            sink.accept(RunFacts.of(d, events.getOrDefault(d.id(), List.of()), gates.getOrDefault(d.id(), List.of())));
        }
    }

    private static boolean isRunning(DeploymentSummary d) {
        return "RUNNING".equals(d.state());
    }
}
