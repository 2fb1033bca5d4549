package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The automaton must report exactly what a naive case-insensitive search finds, in order. */
class KeywordIndexTest {
    static final List<String> KEYWORDS = List.of("key", "secret", "secret_access_key", "ghp_", "://", "pass",
            "password", "sk-ant-", "private key-----", "eyj");

    static List<String> naive(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        for (int end = 1; end <= text.length(); end++) {
            for (int k = 0; k < KEYWORDS.size(); k++) {
                String kw = KEYWORDS.get(k);
                if (end >= kw.length() && text.startsWith(kw, end - kw.length())) {
                    out.add(end + ":" + k);
                }
            }
        }
        return out;
    }

    static List<String> automaton(byte[] data) {
        KeywordIndex index = new KeywordIndex(KEYWORDS);
        List<String> out = new ArrayList<>();
        index.search(data, 0, data.length, (end, ids) -> {
            int[] sorted = ids.clone();
            java.util.Arrays.sort(sorted);
            for (int id : sorted) {
                out.add(end + ":" + id);
            }
        });
        return out;
    }

    @Test
    void matchesANaiveSearchOnRandomTextOfEverySize() {
        Random rnd = new Random(42);
        String alphabet = "abcdeKkEeYySsCcRrTt_-:/ .\nghpPASWORDwdj";
        for (int size : new int[] {0, 1, 17, 4095, 4096, 4097, 10_000, 65_537}) {
            byte[] data = new byte[size];
            for (int i = 0; i < size; i++) {
                data[i] = (byte) alphabet.charAt(rnd.nextInt(alphabet.length()));
            }
            // plant keywords, one straddling the middle where the two automata meet
            for (int p = 0; p + 20 < size; p += 1 + rnd.nextInt(300)) {
                byte[] kw = KEYWORDS.get(rnd.nextInt(KEYWORDS.size())).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(kw, 0, data, p, Math.min(kw.length, size - p));
            }
            if (size > 40) {
                byte[] kw = "SECRET_ACCESS_KEY".getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(kw, 0, data, size / 2 - 8, kw.length);
            }
            List<String> expected = naive(data);
            List<String> actual = automaton(data);
            List<String> sortedActual = new ArrayList<>(actual);
            sortedActual.sort(java.util.Comparator.comparingInt((String x) -> Integer.parseInt(x.split(":")[0]))
                    .thenComparingInt(x -> Integer.parseInt(x.split(":")[1])));
            assertThat(actual).as("size %d, in order", size).isEqualTo(sortedActual);
            assertThat(actual).as("size %d", size).isEqualTo(expected);
        }
    }
}
