package dev.zerofail.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingFilterTest {
    static final String KEY = "sk-proj-Abc123Def456Ghi789";
    static final String SHORT = "Def456";

    static String run(List<String> secrets, String text, int... cuts) {
        MaskingFilter f = new MaskingFilter(secrets);
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int cut : cuts) {
            out.writeBytes(f.feed(b, from, cut - from));
            from = cut;
        }
        out.writeBytes(f.feed(b, from, b.length - from));
        out.writeBytes(f.finish());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aValueSplitAtAnyPointIsStillMasked() {
        String text = "key=" + KEY + " and again:" + KEY + "\n";
        String whole = run(List.of(KEY), text);
        assertThat(whole).doesNotContain(KEY).contains("key=sk-p…(26 chars) and again:sk-p…(26 chars)");
        for (int a = 1; a < text.length(); a++) {
            for (int b = a; b < text.length(); b += 5) {
                assertThat(run(List.of(KEY), text, a, b)).as("cut at %d and %d", a, b).isEqualTo(whole);
            }
        }
    }

    @Test
    void byteByByteAndLongestValueFirst() {
        String text = "x" + KEY + "y" + SHORT + "z";
        int[] every = new int[text.length() - 1];
        for (int i = 0; i < every.length; i++) {
            every[i] = i + 1;
        }
        String out = run(List.of(SHORT, KEY), text, every);
        assertThat(out).doesNotContain(SHORT).doesNotContain("sk-proj").isEqualTo("xsk-p…(26 chars)y…(6 chars)z");
    }

    @Test
    void aPartialPrefixAtTheEndIsPassedOnAndShorterValuesInsideItAreMasked() {
        assertThat(run(List.of(KEY), "tail sk-proj-Abc")).isEqualTo("tail sk-proj-Abc");
        assertThat(run(List.of(KEY, "Abc1"), "tail sk-proj-Abc123")).isEqualTo("tail sk-proj-…(4 chars)23");
    }

    @Test
    void theMaskOfALongValueDoesNotShowAShorterValueItStartsWith() {
        assertThat(run(List.of(KEY, "sk-p"), "a " + KEY + " b sk-p c")).isEqualTo("a …(26 chars) b …(4 chars) c");
        assertThat(new Redactor().add(KEY).add("sk-p").scrub("a " + KEY + " b sk-p c")).isEqualTo("a …(26 chars) b …(4 chars) c");
    }

    @Test
    void multiByteCharactersSurviveArbitraryCuts() {
        String text = "é€😀 " + KEY + " ü";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < b.length; cut++) {
            assertThat(run(List.of(KEY), text, cut)).isEqualTo("é€😀 sk-p…(26 chars) ü");
        }
    }
}
