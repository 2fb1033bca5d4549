package dev.zerofail.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The detector's hot path on files held in memory (no disk, no walk): the keyword automaton alone, and
 * the whole detection (automaton, candidate lines, lexing, classification). One op = every file once;
 * bench/jmh.sh turns the time per op into MB/s. Run it with bench/jmh.sh (see bench/README.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DetectorBench {
    /** A directory of text files to scan (a real repository, a generated tree); at most {@code maxMb} MiB are loaded. */
    @Param("src/test/resources/fixtures/scan/corpus")
    public String dir;

    @Param("32")
    public int maxMb;

    private Detector detector;
    private KeywordIndex index;
    private final List<String> paths = new ArrayList<>();
    private final List<byte[]> files = new ArrayList<>();

    @Setup(Level.Trial)
    public void load() throws IOException {
        detector = new Detector(RuleSet.builtin());
        index = detector.keywordIndex();
        Path root = Path.of(dir);
        long budget = (long) maxMb << 20;
        long total = 0;
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
        for (Path p : all) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            if (rel.startsWith(".git/") || rel.contains("/node_modules/")) {
                continue;
            }
            byte[] b;
            try {
                b = Files.readAllBytes(p);
            } catch (UncheckedIOException | IOException e) {
                continue;
            }
            if (b.length > 25 << 20 || isBinary(b) || total + b.length > budget) {
                continue;
            }
            paths.add(rel);
            files.add(b);
            total += b.length;
        }
        System.out.printf("%n[corpus] %s: %d files, %d bytes%n", dir, files.size(), total);
    }

    private static boolean isBinary(byte[] b) {
        for (int i = 0; i < Math.min(b.length, 8000); i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    @Benchmark
    public long keywordAutomaton() {
        long[] hits = new long[1];
        KeywordIndex.Sink sink = (end, ids) -> hits[0] += end;
        for (byte[] b : files) {
            index.search(b, 0, b.length, sink);
        }
        return hits[0];
    }

    @Benchmark
    public void detect(Blackhole bh) {
        for (int i = 0; i < files.size(); i++) {
            byte[] b = files.get(i);
            bh.consume(detector.detect(paths.get(i), b, b.length));
        }
    }
}
