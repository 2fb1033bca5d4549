package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Location;
import dev.zerofail.core.Severity;
import dev.zerofail.core.SpilledFindings;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Scans the fragments of a {@link Source} (the working tree, git history, …) with the {@link Detector}:
 * drops findings on lines the fragment does not count and those the ignore file lists, stamps the
 * commit, and returns the findings sorted by path, line, column and rule, so the output is the same
 * whatever the thread count. Returns values; printing is the caller's business.
 */
public final class Scanner {
    /** Progress of a long scan; called from worker threads, about once per file. */
    public interface Progress {
        void update(long filesDone, long filesTotal, long bytesDone, long bytesTotal);

        Progress NONE = (a, b, c, d) -> { };
    }

    /** Rule id of the finding a file becomes when the detector fails on it (the scan goes on). */
    public static final String SCAN_ERROR = "scan-error";

    private final Detector detector;
    private final int memoryLimit;
    private final Predicate<Finding> keep;

    public Scanner(Detector detector) {
        this(detector, SpilledFindings.DEFAULT_MEMORY_LIMIT, f -> true);
    }

    /**
     * @param memoryLimit findings held in memory before they go to a temporary file (working-tree scans)
     * @param keep        findings to report (a baseline drops the known ones); the rest are only counted
     */
    public Scanner(Detector detector, int memoryLimit, Predicate<Finding> keep) {
        this.detector = detector;
        this.memoryLimit = memoryLimit;
        this.keep = keep;
    }

    /** {@code dropped}: findings {@code keep} refused. */
    public record Result(List<Finding> findings, ScanStats stats, List<String> warnings, long dropped) {
        public Result {
            findings = findings instanceof SpilledFindings ? findings : List.copyOf(findings);
            warnings = List.copyOf(warnings);
        }

        public Result(List<Finding> findings, ScanStats stats, List<String> warnings) {
            this(findings, stats, warnings, 0);
        }
    }

    /**
     * Scans the working tree; or the git history with {@code options.history()}, the staged files with
     * {@code options.staged()}, what changed since {@code options.since()} without history.
     */
    public Result scan(ScanOptions options, Progress progress) {
        Path root = options.root();
        if (options.history() || options.staged() || options.since() != null) {
            Path abs = root.toAbsolutePath().normalize();
            if (!Files.isDirectory(abs)) {
                throw ZerofailException.usage(root.toString(), "not a directory", "name a folder of a git work tree");
            }
            Suppressions sup = Suppressions.load(abs, options.excludes());
            if (options.history()) {
                GitHistorySource.repository(abs);
                return scan(new GitHistorySource(options, sup), sup, progress);
            }
            return scan(options.staged() ? new StagedSource(options, sup) : new ChangedSinceSource(options, sup), sup, progress);
        }
        if (!Files.exists(root)) {
            throw ZerofailException.usage(root.toString(), "no such file or directory", "check the path to scan");
        }
        Suppressions sup = Suppressions.load(Files.isDirectory(root) ? root : root.getParent(), options.excludes());
        return scan(new WorkingTreeSource(options, sup), sup, progress);
    }

    /** Scans every fragment of {@code source}; {@code sup} drops the fingerprints the ignore file lists. */
    public Result scan(Source source, Suppressions sup, Progress progress) {
        long t0 = System.nanoTime();
        Source.Tally tally = new Source.Tally();
        SpilledFindings.Builder all = new SpilledFindings.Builder(ORDER, memoryLimit);
        Map<String, Finding> first = Collections.synchronizedMap(new LinkedHashMap<>());
        Map<String, List<Finding>> cache = new ConcurrentHashMap<>();
        AtomicLong files = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong nonUtf8 = new AtomicLong();
        AtomicLong dropped = new AtomicLong();
        boolean once = source.firstOccurrenceOnly();
        source.read(new Source.Sink() {
            @Override
            public void scan(Fragment fr) {
                List<Finding> found = fr.cacheKey() == null ? null : cache.get(fr.cacheKey());
                if (found == null) {
                    found = detect(fr, nonUtf8);
                    files.incrementAndGet();
                    bytes.addAndGet(fr.length());
                    if (fr.cacheKey() != null) {
                        cache.put(fr.cacheKey(), found);
                    }
                }
                if (found.isEmpty()) {
                    return;
                }
                BitSet lines;
                try {
                    lines = fr.lines() == null ? null : fr.lines().get();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                List<Finding> kept = new ArrayList<>(found.size());
                for (Finding f : found) {
                    if (lines != null && !lines.get(f.location().line()) || sup.ignored(f)) {
                        continue;
                    }
                    Finding g = fr.commit() != null ? f.withCommit(fr.commit()) : f;
                    if (once) {
                        first.putIfAbsent(g.fingerprint(), g);
                    } else if (keep.test(g)) {
                        kept.add(g);
                    } else {
                        dropped.incrementAndGet();
                    }
                }
                all.add(kept);
            }

            @Override
            public boolean known(String cacheKey) {
                return cache.containsKey(cacheKey);
            }
        }, tally, progress);
        List<Finding> sorted;
        if (once) {
            sorted = new ArrayList<>();
            for (Finding f : first.values()) {
                if (keep.test(f)) {
                    sorted.add(f);
                } else {
                    dropped.incrementAndGet();
                }
            }
            sorted.sort(ORDER);
        } else {
            sorted = all.finish();
        }
        List<String> warnings = new ArrayList<>();
        warn(warnings, tally.large, "larger than the size limit, skipped (raise scan.maxFileSize to include them)");
        warn(warnings, tally.unreadable, "unreadable, skipped");
        warn(warnings, tally.loops, "symbolic link loops, not followed");
        if (nonUtf8.get() > 0) {
            warnings.add(nonUtf8.get() + " file(s) not valid UTF-8, read as Latin-1");
        }
        ScanStats stats = new ScanStats(files.get(), bytes.get(), tally.binary.get(),
                tally.large.size() + tally.largeUnnamed.get(), tally.unreadable.size(), tally.loops.size(),
                nonUtf8.get(), tally.commits.get(), (System.nanoTime() - t0) / 1_000_000);
        return new Result(sorted, stats, warnings, dropped.get());
    }

    /**
     * The detector's findings for one fragment; a file the detector fails on (a bug, a pathological line)
     * becomes one finding naming it, and the scan goes on.
     */
    private List<Finding> detect(Fragment fr, AtomicLong nonUtf8) {
        try {
            Detector.FileResult r = detector.detect(fr.path(), fr.bytes(), fr.length());
            nonUtf8.addAndGet(r.nonUtf8() ? 1 : 0);
            return r.findings();
        } catch (RuntimeException | StackOverflowError e) {
            return List.of(new Finding(SCAN_ERROR, "error", Severity.MEDIUM, new Location(fr.path(), 0, 0), null,
                    "zerofail could not scan this file (" + e.getClass().getSimpleName() + "); it was skipped",
                    null, null, null, "report it with the file's kind and size; exclude the file to silence this"));
        }
    }

    static final Comparator<Finding> ORDER = Comparator.comparing((Finding f) -> f.location().path())
            .thenComparingInt(f -> f.location().line()).thenComparingInt(f -> f.location().column())
            .thenComparing(Finding::rule);

    private static void warn(List<String> out, List<String> items, String what) {
        if (items.isEmpty()) {
            return;
        }
        List<String> sorted = new ArrayList<>(items);
        Collections.sort(sorted);
        String sample = String.join(", ", sorted.subList(0, Math.min(5, sorted.size())));
        out.add(items.size() + " file(s) " + what + ": " + sample + (sorted.size() > 5 ? ", …" : ""));
    }

    static String rel(Path root, Path p) {
        String r = root.relativize(p).toString();
        return java.io.File.separatorChar == '/' ? r : r.replace(java.io.File.separatorChar, '/');
    }
}
