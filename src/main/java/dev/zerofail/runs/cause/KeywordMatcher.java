package dev.zerofail.runs.cause;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ASCII case-insensitive multi-keyword search (Aho-Corasick as a DFA over character classes) that
 * tells, for a log line, which rules hold one of their keywords. Most lines of a failed job's log hold
 * none, so most lines cost one table walk and no regex.
 */
final class KeywordMatcher {
    private static final int[] NONE = new int[0];
    private final byte[] classOf = new byte[128];
    private final int classes;
    private final int[] delta;
    /** Rule indexes whose keyword ends in each state (following failure links); NONE when none. */
    private final int[][] rulesAt;

    /** keywords.get(i) are the keywords of rule i (empty for rules without log patterns). */
    KeywordMatcher(List<List<String>> keywords) {
        int c = 1;
        for (List<String> ks : keywords) {
            for (String k : ks) {
                for (char ch : k.toLowerCase(Locale.ROOT).toCharArray()) {
                    if (ch >= 128) {
                        throw new IllegalArgumentException("keyword '" + k + "' is not ASCII");
                    }
                    if (classOf[ch] == 0) {
                        classOf[ch] = (byte) c++;
                        if (ch >= 'a' && ch <= 'z') {
                            classOf[ch - 32] = classOf[ch];
                        }
                    }
                }
            }
        }
        if (c > 127) {
            throw new IllegalArgumentException("too many distinct keyword characters");
        }
        classes = c;
        List<int[]> next = new ArrayList<>();
        List<Set<Integer>> out = new ArrayList<>();
        next.add(newRow());
        out.add(new LinkedHashSet<>());
        for (int r = 0; r < keywords.size(); r++) {
            for (String k : keywords.get(r)) {
                int s = 0;
                for (char ch : k.toLowerCase(Locale.ROOT).toCharArray()) {
                    int cl = classOf[ch];
                    if (next.get(s)[cl] < 0) {
                        next.get(s)[cl] = next.size();
                        next.add(newRow());
                        out.add(new LinkedHashSet<>());
                    }
                    s = next.get(s)[cl];
                }
                out.get(s).add(r);
            }
        }
        int n = next.size();
        int[] fail = new int[n];
        delta = new int[n * classes];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int cl = 0; cl < classes; cl++) {
            int t = next.get(0)[cl];
            delta[cl] = t < 0 ? 0 : t;
            if (t > 0) {
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int cl = 0; cl < classes; cl++) {
                int t = next.get(s)[cl];
                if (t < 0) {
                    delta[s * classes + cl] = delta[fail[s] * classes + cl];
                } else {
                    fail[t] = delta[fail[s] * classes + cl];
                    delta[s * classes + cl] = t;
                    queue.add(t);
                }
            }
        }
        rulesAt = new int[n][];
        for (int s = 0; s < n; s++) {
            rulesAt[s] = out.get(s).isEmpty() ? NONE : out.get(s).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private int[] newRow() {
        int[] row = new int[128];
        Arrays.fill(row, -1);
        return row;
    }

    /** Calls {@code hit} with each rule index whose keyword occurs in {@code line} (a rule may come more than once). */
    void find(CharSequence line, java.util.function.IntConsumer hit) {
        int s = 0;
        for (int i = 0, n = line.length(); i < n; i++) {
            char ch = line.charAt(i);
            s = delta[s * classes + (ch < 128 ? classOf[ch] : 0)];
            int[] rs = rulesAt[s];
            if (rs != NONE) {
                for (int r : rs) {
                    hit.accept(r);
                }
            }
        }
    }
}
