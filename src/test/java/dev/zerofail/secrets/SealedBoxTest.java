package dev.zerofail.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.goterl.lazysodium.LazySodiumJava;
import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.interfaces.Box;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Boxes sealed in pure Java must open with libsodium's own crypto_box_seal_open. */
class SealedBoxTest {
    static final LazySodiumJava SODIUM = new LazySodiumJava(new SodiumJava());

    static byte[][] keyPair() {
        byte[] pk = new byte[Box.PUBLICKEYBYTES];
        byte[] sk = new byte[Box.SECRETKEYBYTES];
        assertThat(SODIUM.cryptoBoxKeypair(pk, sk)).isTrue();
        return new byte[][] {pk, sk};
    }

    static String open(byte[] box, byte[] pk, byte[] sk) {
        byte[] out = new byte[box.length - Box.SEALBYTES];
        assertThat(SODIUM.cryptoBoxSealOpen(out, box, box.length, pk, sk)).as("libsodium opens the box").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void libsodiumOpensWhatWeSeal() {
        byte[][] kp = keyPair();
        for (String message : new String[] {"", "x", "sk-proj-0123456789abcdefghijklmnopqrstuvwxyz", "é€😀\nline2",
            "a".repeat(10_000)}) {
            byte[] box = SealedBox.seal(message.getBytes(StandardCharsets.UTF_8), kp[0]);
            assertThat(box).hasSize(message.getBytes(StandardCharsets.UTF_8).length + Box.SEALBYTES);
            assertThat(open(box, kp[0], kp[1])).isEqualTo(message);
        }
    }

    @Test
    void eachSealIsFreshAndATamperedBoxDoesNotOpen() {
        byte[][] kp = keyPair();
        byte[] a = SealedBox.seal("same".getBytes(StandardCharsets.UTF_8), kp[0]);
        byte[] b = SealedBox.seal("same".getBytes(StandardCharsets.UTF_8), kp[0]);
        assertThat(a).isNotEqualTo(b);
        a[a.length - 1] ^= 1;
        byte[] out = new byte[a.length - Box.SEALBYTES];
        assertThat(SODIUM.cryptoBoxSealOpen(out, a, a.length, kp[0], kp[1])).isFalse();
        byte[][] other = keyPair();
        assertThat(SODIUM.cryptoBoxSealOpen(out, b, b.length, other[0], other[1])).isFalse();
    }
}
