package dev.zerofail.scan;

/**
 * What a scan read and what it had to skip. {@code commits} is 0 for a working-tree scan.
 */
public record ScanStats(long files, long bytes, long skippedBinary, long skippedLarge, long unreadable,
        long symlinkLoops, long nonUtf8, long commits, long elapsedMs) {
}
