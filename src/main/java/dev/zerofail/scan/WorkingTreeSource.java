package dev.zerofail.scan;

import dev.zerofail.core.ExitCode;
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
import java.util.concurrent.atomic.AtomicLong;

/**
 * The files of a directory (or one file): walked following symlinks (loops detected), excluded and
 * binary-extension files skipped before they are opened, then read by {@code threads} workers, each
 * with one reused buffer. The workers start on the files found while the walk goes on; the files left
 * when it ends are taken largest first, so no worker is left with a big file at the end while the
 * others idle.
 */
public final class WorkingTreeSource implements Source {
    /** Extensions that are never text worth scanning; checked before a file is opened. */
    static final Set<String> BINARY_EXT = Set.of("png", "jpg", "jpeg", "gif", "bmp", "ico", "webp", "tiff",
            "psd", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "jar", "war", "ear", "class", "so", "dll",
            "dylib", "exe", "o", "a", "lib", "bin", "pdf", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "mov",
            "avi", "mkv", "wav", "flac", "ogg", "webm", "iso", "dmg", "pyc", "pyo", "wasm", "sqlite", "db", "parquet",
            "avro", "npy", "pkl", "h5", "onnx", "pt", "dat", "deb", "rpm");
    private static final int BINARY_SNIFF = 8000;

    private final ScanOptions options;
    private final Suppressions sup;

    public WorkingTreeSource(ScanOptions options, Suppressions sup) {
        this.options = options;
        this.sup = sup;
    }

    private record Entry(Path file, String rel, long size) {
    }

    /**
     * The files found so far, handed to the workers as the walk goes: a worker starts on the first file
     * while the walk goes on. When the walk ends, the files not taken yet are ordered largest first, so
     * the last files to finish are small ones, whatever the thread count.
     */
    private static final class Pending {
        private final List<Entry> entries = new ArrayList<>();
        private int next;
        private boolean walked;
        private long bytes;

        synchronized void add(Entry e) {
            entries.add(e);
            bytes += e.size();
            notify();
        }

        synchronized void walked() {
            entries.subList(next, entries.size()).sort(Comparator.comparingLong(Entry::size).reversed());
            walked = true;
            notifyAll();
        }

        /** The next file, waiting for the walk; null when every file is taken. */
        synchronized Entry take() throws InterruptedException {
            while (next == entries.size() && !walked) {
                wait();
            }
            return next < entries.size() ? entries.get(next++) : null;
        }

        synchronized int files() {
            return entries.size();
        }

        synchronized long bytes() {
            return bytes;
        }
    }

    @Override
    public void read(Sink sink, Tally tally, Scanner.Progress progress) {
        Pending pending = new Pending();
        AtomicLong doneFiles = new AtomicLong();
        AtomicLong doneBytes = new AtomicLong();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Runnable work = () -> {
            byte[] buf = new byte[64 * 1024];
            Entry e;
            try {
                while ((e = pending.take()) != null) {
                    try {
                        if (e.size() > buf.length) {
                            buf = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(e.size(), buf.length * 2L))];
                        }
                        int n = read(e.file(), buf);
                        if (n < 0) {
                            tally.binary();
                        } else {
                            sink.scan(Fragment.of(e.rel(), buf, n));
                        }
                    } catch (IOException | SecurityException ex) {
                        tally.unreadable(e.rel() + " (" + ex.getClass().getSimpleName() + ")");
                    }
                    progress.update(doneFiles.incrementAndGet(), pending.files(), doneBytes.addAndGet(e.size()),
                            pending.bytes());
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error ex) {
                failures.add(ex);
            }
        };
        // the calling thread walks, then is one of the workers; with one thread it walks, then scans
        List<Thread> workers = new ArrayList<>();
        for (int t = 1; t < Math.max(1, options.threads()); t++) {
            Thread w = new Thread(work, "zerofail-scan-" + t);
            w.start();
            workers.add(w);
        }
        try {
            walk(options.root(), pending, tally);
        } finally {
            pending.walked();
        }
        work.run();
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

    private void walk(Path root, Pending entries, Tally tally) {
        if (Files.isRegularFile(root)) {
            addFile(root, root.getFileName().toString(), sizeOf(root), entries, tally);
            return;
        }
        try {
            Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                            String rel = Scanner.rel(root, dir);
                            return !rel.isEmpty() && sup.excluded(rel, true) ? FileVisitResult.SKIP_SUBTREE
                                    : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String rel = Scanner.rel(root, file);
                            if (attrs.isRegularFile() && !sup.excluded(rel, false)) {
                                addFile(file, rel, attrs.size(), entries, tally);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException exc) {
                            if (exc instanceof FileSystemLoopException) {
                                tally.loop(Scanner.rel(root, file));
                            } else {
                                tally.unreadable(Scanner.rel(root, file) + " (" + exc.getClass().getSimpleName() + ")");
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

    private void addFile(Path file, String rel, long size, Pending entries, Tally tally) {
        String name = rel.substring(rel.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && BINARY_EXT.contains(name.substring(dot + 1))) {
            tally.binary();
        } else if (size > options.maxFileSize()) {
            tally.large(rel);
        } else {
            entries.add(new Entry(file, rel, size));
        }
    }
}
