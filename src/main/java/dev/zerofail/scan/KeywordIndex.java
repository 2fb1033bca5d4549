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
    /** delta[state * 256 + byte]: next state, with the HIT bit set when the next state ends a keyword. */
    private final int[] delta;
    /** Keyword ids that end in each state (following failure links), or null. */
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
        // Fold case: an upper-case ASCII letter moves like its lower-case form.
        for (int s = 0; s < n; s++) {
            for (int c = 'A'; c <= 'Z'; c++) {
                d[s * 256 + c] = d[s * 256 + c + 32];
            }
        }
        for (int i = 0; i < d.length; i++) {
            if (outputs[d[i]] != null) {
                d[i] |= HIT;
            }
        }
        this.delta = d;
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
        int s = 0;
        for (int i = from; i < to; i++) {
            int t = d[(s << 8) | (buf[i] & 0xff)];
            if (t < 0) {
                s = t & ~HIT;
                sink.hit(i + 1, outputs[s]);
            } else {
                s = t;
            }
        }
    }
}
