package dev.zerofail.scan;

import java.nio.file.Path;
import java.util.List;

/**
 * What to scan and how.
 *
 * @param root        directory (or single file) to scan
 * @param excludes    extra gitignore-style patterns, from zerofail.yaml and --exclude
 * @param maxFileSize files above this are skipped with a warning
 * @param threads     worker threads for reading and matching
 * @param history     scan every commit reachable from HEAD instead of the working tree
 * @param since       with history: only commits after this ref; without: only what changed since this ref
 *                    ({@link ChangedSinceSource})
 * @param staged      scan the staged content of the git index instead of the working tree ({@link StagedSource})
 */
public record ScanOptions(Path root, List<String> excludes, long maxFileSize, int threads, boolean history,
        String since, boolean staged) {
    public static final long DEFAULT_MAX_FILE_SIZE = 25L << 20;

    public ScanOptions {
        excludes = List.copyOf(excludes);
    }

    public ScanOptions(Path root, List<String> excludes, long maxFileSize, int threads, boolean history, String since) {
        this(root, excludes, maxFileSize, threads, history, since, false);
    }

    public static ScanOptions of(Path root) {
        return new ScanOptions(root, List.of(), DEFAULT_MAX_FILE_SIZE, Runtime.getRuntime().availableProcessors(),
                false, null);
    }
}
