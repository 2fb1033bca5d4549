package dev.zerofail.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpilledFindingsTest {
    /** The scanner's order: path, line, column, rule. */
    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.location().path())
            .thenComparingInt(f -> f.location().line()).thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::rule).thenComparing(Finding::fingerprint);

    static Finding finding(Random rnd, String path, int i) {
        Severity sev = Severity.values()[rnd.nextInt(Severity.values().length)];
        boolean nulls = rnd.nextBoolean();
        return new Finding("rule-" + rnd.nextInt(7), rnd.nextBoolean() ? "placeholder" : "secret", sev,
                new Location(path, 1 + rnd.nextInt(500), rnd.nextInt(80)), nulls ? null : "KEY_" + i,
                "KEY_" + i + ": message ü – " + i, nulls ? null : "sk-…(" + i + " chars)", "fp" + i,
                nulls ? null : "c0ffee" + i, nulls ? null : "fix ✓ " + i);
    }

    /** Blocks of findings per path, in random order; some paths come as two blocks. */
    static List<List<Finding>> blocks(long seed, int paths) {
        Random rnd = new Random(seed);
        List<List<Finding>> blocks = new ArrayList<>();
        int n = 0;
        for (int p = 0; p < paths; p++) {
            String path = "dir" + rnd.nextInt(20) + "/f" + p + (rnd.nextBoolean() ? ".env" : ".py");
            int parts = rnd.nextInt(10) == 0 ? 2 : 1;
            for (int k = 0; k < parts; k++) {
                List<Finding> block = new ArrayList<>();
                for (int i = rnd.nextInt(30); i >= 0; i--) {
                    block.add(finding(rnd, path, n++));
                }
                blocks.add(block);
            }
        }
        Collections.shuffle(blocks, rnd);
        return blocks;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 1_000_000})
    void iteratesInOrderWhateverIsHeldInMemoryAndWhateverTheThreads(int memoryLimit) throws Exception {
        List<List<Finding>> blocks = blocks(memoryLimit + 7L, 400);
        SpilledFindings.Builder b = new SpilledFindings.Builder(ORDER, memoryLimit);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (List<Finding> block : blocks) {
                done.add(pool.submit(() -> b.add(block)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Finding> expected = new ArrayList<>();
        blocks.forEach(expected::addAll);
        expected.sort(ORDER);

        SpilledFindings list = b.finish();

        assertThat(list).hasSize(expected.size());
        assertThat(list.onDisk()).isEqualTo(memoryLimit < expected.size());
        assertThat(new ArrayList<>(list)).containsExactlyElementsOf(expected); // every field, nulls included
        assertThat(list.stream().toList()).isEqualTo(expected); // read again from the start
        assertThat(list.get(expected.size() / 2)).isEqualTo(expected.get(expected.size() / 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void aReportKeepsTheListWithoutCopyingItIntoMemory(int memoryLimit) {
        SpilledFindings.Builder b = new SpilledFindings.Builder(ORDER, memoryLimit);
        b.add(List.of(finding(new Random(1), "a.env", 1)));
        b.add(List.of());
        SpilledFindings list = b.finish();

        Report r = new Report("scan", ".", null, list, List.of());

        assertThat(r.findings()).isSameAs(list).hasSize(1);
        assertThat(r.countAtLeast(Severity.INFO)).isEqualTo(1);
    }
}
