package dev.zerofail.scan;

import java.io.IOException;
import java.util.BitSet;

/**
 * A piece of text to scan and where it came from: a working-tree file, a blob at a commit, a staged
 * file. The scanner does not care which.
 *
 * @param path     path relative to the scanned root, '/'-separated (what findings and fingerprints name)
 * @param bytes    the content, or null when {@code cacheKey} names content the scanner has already seen
 * @param length   bytes of {@code bytes} that are content (buffers are reused)
 * @param commit   the commit the fragment belongs to, or null (working tree, staged files)
 * @param cacheKey identical content at the same path has the same key (a blob id and the path), or null:
 *                 the scanner then judges the content once and reuses its findings
 * @param lines    which lines count (a commit's added lines), or null for all of them
 */
public record Fragment(String path, byte[] bytes, int length, String commit, String cacheKey, Lines lines) {
    /** The lines of a fragment that count, worked out only when the fragment has findings (a diff costs). */
    public interface Lines {
        /** 1-based line numbers that count, or null for all. */
        BitSet get() throws IOException;
    }

    public static Fragment of(String path, byte[] bytes, int length) {
        return new Fragment(path, bytes, length, null, null, null);
    }
}
