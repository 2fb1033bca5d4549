package dev.zerofail.scan;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of what a scan read and what it had to skip, for the summary and the warnings line. */
public record ScanStats(long files, long bytes, long skippedBinary, long skippedLarge, long unreadable,
        long symlinkLoops, long nonUtf8, long commits, long millis) {

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("files", files);
        m.put("bytes", bytes);
        if (commits > 0) {
            m.put("commits", commits);
        }
        m.put("skippedBinary", skippedBinary);
        m.put("skippedLarge", skippedLarge);
        m.put("unreadable", unreadable);
        m.put("symlinkLoops", symlinkLoops);
        m.put("nonUtf8", nonUtf8);
        m.put("millis", millis);
        return m;
    }
}
