package dev.zerofail.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written UTF-8 check must accept exactly what a strict decoder accepts. */
class SegmenterTest {
    static boolean strict(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @Test
    void wellFormedUtf8AgreesWithAStrictDecoder() {
        String[] hex = {"c2a9", "c1bf", "e0a080", "e09f80", "eda080", "ed9fbf", "efbfbf", "f0908080", "f08f8080",
            "f48fbfbf", "f4908080", "f5808080", "c2", "e282", "f09f98", "80", "c0af", "ff"};
        for (String h : hex) {
            byte[] b = java.util.HexFormat.of().parseHex(h);
            assertThat(Segmenter.wellFormedUtf8(b, 0, b.length)).as(h).isEqualTo(strict(b));
        }
        Random r = new Random(13);
        int valid = 0;
        for (int n = 0; n < 200_000; n++) {
            byte[] b = new byte[1 + r.nextInt(6)];
            for (int i = 0; i < b.length; i++) {
                // mostly lead and continuation bytes, some ASCII
                b[i] = (byte) (r.nextInt(4) == 0 ? r.nextInt(128) : 0x80 + r.nextInt(128));
            }
            boolean ok = strict(b);
            valid += ok ? 1 : 0;
            assertThat(Segmenter.wellFormedUtf8(b, 0, b.length)).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(ok);
        }
        assertThat(valid).isGreaterThan(1000);
        // a segment cut inside a character (from, to inside a larger buffer)
        byte[] text = "pass=\u00e9t\u00e9 \ud83d\ude00".getBytes(StandardCharsets.UTF_8);
        assertThat(Segmenter.wellFormedUtf8(text, 0, text.length)).isTrue();
        assertThat(Segmenter.wellFormedUtf8(text, 0, text.length - 1)).isFalse();
        assertThat(Segmenter.wellFormedUtf8(text, 6, text.length)).isFalse();
    }
}
