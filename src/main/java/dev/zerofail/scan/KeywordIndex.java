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
        byte[][] words = new byte[keywords.size()][];
        boolean[] used = new boolean[256];
        int maxStates = 1;
        for (int k = 0; k < words.length; k++) {
            words[k] = keywords.get(k).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            maxStates += words[k].length;
            for (byte b : words[k]) {
                used[b & 0xff] = true;
            }
        }
        // Classes: one per byte that occurs in a keyword (upper-case letters share their lower-case
        // letter's class), class 0 for every other byte. The automaton is built over classes, not
        // bytes: a few dozen columns instead of 256 made building it (every short scan's start-up)
        // several times cheaper.
        int k = 1;
        for (int c = 0; c < 256; c++) {
            if (c >= 'A' && c <= 'Z' || !used[c]) {
                continue;
            }
            classOf[c] = (byte) k;
            if (c >= 'a' && c <= 'z') {
                classOf[c - 32] = (byte) k;
            }
            k++;
        }
        classes = k;
        int[] go = new int[maxStates * classes];
        Arrays.fill(go, -1);
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        int n = 1;
        for (int w = 0; w < words.length; w++) {
            int s = 0;
            for (byte b : words[w]) {
                int at = s * classes + classOf[b & 0xff];
                if (go[at] < 0) {
                    go[at] = n++;
                    out.add(new ArrayList<>());
                }
                s = go[at];
            }
            out.get(s).add(w);
        }
        // Aho-Corasick: go becomes the full transition table, each state's row completed from its failure state's
        int[] fail = new int[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < classes; c++) {
            int t = go[c];
            if (t < 0 || c == 0) {
                go[c] = 0;
            } else {
                fail[t] = 0;
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            int row = s * classes;
            int failRow = fail[s] * classes;
            for (int c = 0; c < classes; c++) {
                int t = go[row + c];
                if (t < 0) {
                    go[row + c] = go[failRow + c];
                } else {
                    fail[t] = go[failRow + c];
                    queue.add(t);
                }
            }
        }
        outputs = new int[n][];
        for (int s = 0; s < n; s++) {
            List<Integer> o = out.get(s);
            outputs[s] = o.isEmpty() ? null : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        int[] compact = new int[n * classes];
        for (int i = 0; i < compact.length; i++) {
            int target = go[i];
            compact[i] = target * classes | (outputs[target] != null ? HIT : 0);
        }
        this.delta = compact;
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
