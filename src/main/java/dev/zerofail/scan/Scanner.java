package dev.zerofail.scan;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Finding;
import dev.zerofail.core.ZerofailException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scans a working tree: walks it (following symlinks, detecting loops), reads files in parallel
 * and hands each to the {@link Detector}. Returns values; printing is the caller's business.
 */
public final class Scanner {
    /** Extensions that are never text worth scanning; checked before a file is opened. */
    private static final Set<String> BINARY_EXT = Set.of("png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tiff",
            "psd", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "jar", "war", "ear", "class", "so", "dll",
            "dylib", "exe", "o", "a", "lib", "bin", "pdf", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "mov",
            "avi", "mkv", "wav", "flac", "ogg", "webm", "iso", "dmg", "pyc", "pyo", "wasm", "sqlite", "db", "parquet",
            "avro", "npy", "pkl", "h5", "onnx", "pt", "dat", "deb", "rpm");
    private static final int BINARY_SNIFF = 8000;

    /** Progress of a long scan; called from worker threads, about once per file. */
    public interface Progress {
        void update(long filesDone, long filesTotal, long bytesDone, long bytesTotal);

        Progress NONE = (a, b, c, d) -> { };
    }

    private final Detector detector;

    public Scanner(Detector detector) {
        this.detector = detector;
    }

    public record Result(List<Finding> findings, ScanStats stats, List<String> warnings) {
        public Result {
            findings = List.copyOf(findings);
            warnings = List.copyOf(warnings);
        }
    }

    private record Entry(Path file, String rel, long size) {
    }

    public Result scan(ScanOptions options, Progress progress) {
        long t0 = System.nanoTime();
        Path root = options.root();
        if (!Files.exists(root)) {
            throw ZerofailException.usage(root.toString(), "no such file or directory", "check the path to scan");
        }
        Suppressions sup = Suppressions.load(Files.isDirectory(root) ? root : root.getParent(), options.excludes());
        List<Entry> entries = new ArrayList<>();
        List<String> loops = Collections.synchronizedList(new ArrayList<>());
        List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        AtomicLong binary = new AtomicLong();
        List<String> large = new ArrayList<>();
        walk(root, options, sup, entries, loops, unreadable, binary, large);

        long totalBytes = entries.stream().mapToLong(Entry::size).sum();
        ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicLong doneFiles = new AtomicLong();
        AtomicLong doneBytes = new AtomicLong();
        AtomicLong scannedFiles = new AtomicLong();
        AtomicLong scannedBytes = new AtomicLong();
        AtomicLong nonUtf8 = new AtomicLong();
        int threads = Math.max(1, Math.min(options.threads(), entries.size()));
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                byte[] buf = new byte[64 * 1024];
                int i;
                while ((i = next.getAndIncrement()) < entries.size()) {
                    Entry e = entries.get(i);
                    try {
                        if (e.size() > buf.length) {
                            buf = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(e.size(), buf.length * 2L))];
                        }
                        int n = read(e.file(), buf);
                        if (n < 0) {
                            binary.incrementAndGet();
                        } else {
                            Detector.FileResult r = detector.detect(e.rel(), buf, n);
                            for (Finding f : r.findings()) {
                                if (!sup.ignored(f)) {
                                    findings.add(f);
                                }
                            }
                            if (r.nonUtf8()) {
                                nonUtf8.incrementAndGet();
                            }
                            scannedFiles.incrementAndGet();
                            scannedBytes.addAndGet(n);
                        }
                    } catch (IOException | SecurityException ex) {
                        unreadable.add(e.rel() + " (" + ex.getClass().getSimpleName() + ")");
                    } catch (RuntimeException | Error ex) {
                        failures.add(ex);
                        return;
                    }
                    progress.update(doneFiles.incrementAndGet(), entries.size(), doneBytes.addAndGet(e.size()), totalBytes);
                }
            }, "zerofail-scan-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ZerofailException(ExitCode.INTERNAL, null, "scan interrupted", "run it again", ex);
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("scan worker failed", failures.get(0));
        }
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(ORDER);
        List<String> warnings = new ArrayList<>();
        warn(warnings, large, "larger than the size limit, skipped (raise scan.maxFileSize to include them)");
        warn(warnings, unreadable, "unreadable, skipped");
        warn(warnings, loops, "symbolic link loops, not followed");
        if (nonUtf8.get() > 0) {
            warnings.add(nonUtf8.get() + " file(s) not valid UTF-8, read as Latin-1");
        }
        ScanStats stats = new ScanStats(scannedFiles.get(), scannedBytes.get(), binary.get(), large.size(),
                unreadable.size(), loops.size(), nonUtf8.get(), 0, (System.nanoTime() - t0) / 1_000_000);
        return new Result(sorted, stats, warnings);
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

    /** Reads the whole file into buf; returns its length, or -1 if it looks binary. */
    private static int read(Path file, byte[] buf) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer bb = ByteBuffer.wrap(buf);
            int n;
            while (bb.hasRemaining() && (n = ch.read(bb)) >= 0) {
                if (n == 0) {
                    break;
                }
            }
            int len = bb.position();
            int sniff = Math.min(len, BINARY_SNIFF);
            for (int i = 0; i < sniff; i++) {
                if (buf[i] == 0) {
                    return -1;
                }
            }
            return len;
        }
    }

    private static void walk(Path root, ScanOptions options, Suppressions sup, List<Entry> entries, List<String> loops,
            List<String> unreadable, AtomicLong binary, List<String> large) {
        if (Files.isRegularFile(root)) {
            addFile(root, root.getFileName().toString(), sizeOf(root), options, entries, binary, large);
            return;
        }
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            String rel = rel(root, dir);
                            return !rel.isEmpty() && sup.excluded(rel, true) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String rel = rel(root, file);
                            if (attrs.isRegularFile() && !sup.excluded(rel, false)) {
                                addFile(file, rel, attrs.size(), options, entries, binary, large);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException exc) {
                            if (exc instanceof FileSystemLoopException) {
                                loops.add(rel(root, file));
                            } else {
                                unreadable.add(rel(root, file) + " (" + exc.getClass().getSimpleName() + ")");
                            }
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw ZerofailException.usage(root.toString(), "cannot walk directory: " + e.getMessage(),
                    "check permissions");
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void addFile(Path file, String rel, long size, ScanOptions options, List<Entry> entries,
            AtomicLong binary, List<String> large) {
        String name = rel.substring(rel.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && BINARY_EXT.contains(name.substring(dot + 1))) {
            binary.incrementAndGet();
        } else if (size > options.maxFileSize()) {
            large.add(rel);
        } else {
            entries.add(new Entry(file, rel, size));
        }
    }

    static String rel(Path root, Path p) {
        String r = root.relativize(p).toString();
        return java.io.File.separatorChar == '/' ? r : r.replace(java.io.File.separatorChar, '/');
    }
}
