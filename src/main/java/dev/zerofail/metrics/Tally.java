package dev.zerofail.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counters, histograms and "latest" gauges computed from the store, in whole milliseconds and counts.
 * client_java's Counter and Histogram add doubles in the order observations arrive; two replicas
 * that met the same deployments in another order (one saw a deployment finish, the other read it
 * finished at start-up) could then differ in the last bits of a sum. Integers do not, so the
 * snapshots are built here from integers and only the exposition is the library's.
 */
final class Tally {
    /** One metric family: its name without suffixes, help, label names, and the buckets of a histogram. */
    record Family(String name, String help, List<String> labels, double[] buckets) {
        Family(String name, String help, List<String> labels) {
            this(name, help, labels, null);
        }
    }

    private static final class Hist {
        final long[] counts;
        long sumMs;

        Hist(int n) {
            counts = new long[n + 1];
        }
    }

    private final Map<Family, Map<List<String>, long[]>> counters = new java.util.LinkedHashMap<>();
    private final Map<Family, Map<List<String>, Hist>> histograms = new java.util.LinkedHashMap<>();
    private final Map<Family, Map<List<String>, long[]>> latest = new java.util.LinkedHashMap<>();

    void init(Family f, List<String> values) {
        check(f, values);
        if (f.buckets() != null) {
            histograms.computeIfAbsent(f, k -> new TreeMap<>(Tally::compare)).computeIfAbsent(values, k -> new Hist(f.buckets().length));
        } else {
            counters.computeIfAbsent(f, k -> new TreeMap<>(Tally::compare)).computeIfAbsent(values, k -> new long[1]);
        }
    }

    void inc(Family f, List<String> values) {
        check(f, values);
        counters.computeIfAbsent(f, k -> new TreeMap<>(Tally::compare)).computeIfAbsent(values, k -> new long[1])[0]++;
    }

    void observe(Family f, List<String> values, double seconds) {
        check(f, values);
        Hist h = histograms.computeIfAbsent(f, k -> new TreeMap<>(Tally::compare))
                .computeIfAbsent(values, k -> new Hist(f.buckets().length));
        long ms = Math.max(0, Math.round(seconds * 1000));
        int i = 0;
        while (i < f.buckets().length && ms > Math.round(f.buckets()[i] * 1000)) {
            i++;
        }
        h.counts[i]++;
        h.sumMs += ms;
    }

    /** Keeps the highest value seen (a "last … timestamp" gauge), in milliseconds. */
    void max(Family f, List<String> values, long ms) {
        check(f, values);
        long[] v = latest.computeIfAbsent(f, k -> new TreeMap<>(Tally::compare)).computeIfAbsent(values, k -> new long[] {Long.MIN_VALUE});
        v[0] = Math.max(v[0], ms);
    }

    /** Each family once, series in label order, so two tallies of the same rows write the same text. */
    List<MetricSnapshot> snapshots() {
        List<MetricSnapshot> out = new java.util.ArrayList<>();
        counters.forEach((f, series) -> {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(f.name()).help(f.help());
            series.forEach((v, n) -> b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(labels(f, v)).value(n[0]).build()));
            out.add(b.build());
        });
        histograms.forEach((f, series) -> {
            HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(f.name()).help(f.help());
            double[] bounds = new double[f.buckets().length + 1];
            System.arraycopy(f.buckets(), 0, bounds, 0, f.buckets().length);
            bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
            series.forEach((v, h) -> b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(labels(f, v)).classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, h.counts.clone()))
                    .sum(h.sumMs / 1000.0).build()));
            out.add(b.build());
        });
        latest.forEach((f, series) -> {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(f.name()).help(f.help());
            series.forEach((v, ms) -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(labels(f, v)).value(ms[0] / 1000.0).build()));
            out.add(b.build());
        });
        return out;
    }

    static Labels labels(Family f, List<String> values) {
        return Labels.of(f.labels().toArray(String[]::new), values.toArray(String[]::new));
    }

    private static void check(Family f, List<String> values) {
        if (values.size() != f.labels().size()) {
            throw new IllegalArgumentException(f.name() + " takes " + f.labels() + ", got " + values);
        }
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
