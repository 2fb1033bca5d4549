package dev.zerofail.scan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where text to scan comes from. A source walks its files (the working tree, every commit of the
 * history, and later the staged files of {@code scan --staged}), skips what is not worth reading
 * (excluded, binary, too large) and hands the rest to the {@link Scanner} as {@link Fragment}s.
 * Adding a source is implementing this; the detector and the reporting stay as they are.
 */
public interface Source {
    /**
     * Hands every fragment to {@code sink}, from this thread or from several ({@code sink} is
     * thread-safe), and counts what was read or skipped in {@code tally}.
     */
    void read(Sink sink, Tally tally, Scanner.Progress progress);

    /**
     * Whether a fingerprint is reported once, at the first fragment that has it (history: the commit
     * whose diff added it; the source then hands fragments over in order, from one thread), or at every
     * place it occurs (a working tree).
     */
    default boolean firstOccurrenceOnly() {
        return false;
    }

    /** What a source hands its fragments to. Thread-safe. */
    interface Sink {
        void scan(Fragment fragment);

        /** Whether content with this cache key was already judged (then the fragment need not carry bytes). */
        boolean known(String cacheKey);
    }

    /** Counts of what a source read and skipped; thread-safe. */
    final class Tally {
        final AtomicLong binary = new AtomicLong();
        final AtomicLong commits = new AtomicLong();
        final List<String> large = Collections.synchronizedList(new ArrayList<>());
        final List<String> unreadable = Collections.synchronizedList(new ArrayList<>());
        final List<String> loops = Collections.synchronizedList(new ArrayList<>());
        /** Large files counted without a name (history counts each skipped blob; only the count is reported). */
        final AtomicLong largeUnnamed = new AtomicLong();

        public void binary() {
            binary.incrementAndGet();
        }

        public void large(String path) {
            large.add(path);
        }

        public void unreadable(String pathAndReason) {
            unreadable.add(pathAndReason);
        }

        public void loop(String path) {
            loops.add(path);
        }

        public void commits(long n) {
            commits.set(n);
        }
    }
}
