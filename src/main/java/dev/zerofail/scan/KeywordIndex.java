package dev.zerofail.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * ASCII case-insensitive multi-keyword search over raw bytes (Aho-Corasick compiled to a full DFA).
 * It runs before any regex: most lines of most files contain no keyword and are never decoded.
 * Written here rather than taken from a library because the Java ones work on char sequences
 * and allocate per match, which costs more than the scan itself at hundreds of MB/s.
 */
final class KeywordIndex {
    private static final int HIT = 0x80000000;
    private final List<String> keywords;
    /** Byte → equivalence class: bytes that no keyword contains share class 0; letters fold case. */
    private final byte[] classOf = new byte[256];
    private final int classes;
    /**
     * delta[row + class]: the next state's row offset (state × classes), with the HIT bit set when
     * the next state ends a keyword. Rows of a few dozen classes keep the table inside the CPU's
     * caches; rows of 256 bytes did not, and the scan loop waited on memory.
     */
    private final int[] delta;
    /** Keyword ids that end in each state (following failure links), or null; indexed by row / classes. */
    private final int[][] outputs;

    KeywordIndex(List<String> keywords) {
        this.keywords = List.copyOf(keywords);
        List<int[]> next = new ArrayList<>();
        List<List<Integer>> out = new ArrayList<>();
        next.add(newRow());
        out.add(new ArrayList<>());
        for (int k = 0; k < keywords.size(); k++) {
            byte[] bytes = keywords.get(k).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            int s = 0;
            for (byte b : bytes) {
                int c = b & 0xff;
                if (next.get(s)[c] < 0) {
                    next.get(s)[c] = next.size();
                    next.add(newRow());
                    out.add(new ArrayList<>());
                }
                s = next.get(s)[c];
            }
            out.get(s).add(k);
        }
        int n = next.size();
        int[] fail = new int[n];
        int[] d = new int[n * 256];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < 256; c++) {
            int t = next.get(0)[c];
            if (t < 0) {
                d[c] = 0;
            } else {
                d[c] = t;
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < 256; c++) {
                int t = next.get(s)[c];
                if (t < 0) {
                    d[s * 256 + c] = d[fail[s] * 256 + c];
                } else {
                    d[s * 256 + c] = t;
                    fail[t] = d[fail[s] * 256 + c];
                    queue.add(t);
                }
            }
        }
        outputs = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Integer> o = out.get(s);
            outputs[s] = o.isEmpty() ? null : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        // Classes: one per byte that occurs in a keyword (upper-case letters share their lower-case
        // letter's class), class 0 for every other byte.
        int k = 1;
        for (int c = 0; c < 256; c++) {
            if (c >= 'A' && c <= 'Z') {
                continue;
            }
            boolean used = false;
            for (int st = 0; st < n && !used; st++) {
                used = next.get(st)[c] >= 0;
            }
            if (used) {
                classOf[c] = (byte) k;
                if (c >= 'a' && c <= 'z') {
                    classOf[c - 32] = (byte) k;
                }
                k++;
            }
        }
        classes = k;
        int[] compact = new int[n * classes];
        for (int st = 0; st < n; st++) {
            for (int c = 0; c < 256; c++) {
                int target = d[st * 256 + (c >= 'A' && c <= 'Z' ? c + 32 : c)];
                compact[st * classes + classOf[c]] = target * classes | (outputs[target] != null ? HIT : 0);
            }
        }
        this.delta = compact;
    }

    private static int[] newRow() {
        int[] row = new int[256];
        Arrays.fill(row, -1);
        return row;
    }

    List<String> keywords() {
        return keywords;
    }

    interface Sink {
        /** Called with the offset just past a keyword's last byte and the ids of the keywords ending there. */
        void hit(int end, int[] keywordIds);
    }

    void search(byte[] buf, int from, int to, Sink sink) {
        final int[] d = delta;
        final byte[] cls = classOf;
        int row = 0;
        for (int i = from; i < to; i++) {
            int t = d[row + cls[buf[i] & 0xff]];
            if (t < 0) {
                row = t & ~HIT;
                sink.hit(i + 1, outputs[row / classes]);
            } else {
                row = t;
            }
        }
    }
}
