package dev.zerofail.secrets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.bouncycastle.crypto.engines.Salsa20Engine;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.util.Pack;

/**
 * libsodium's {@code crypto_box_seal}, which GitHub requires for Actions secrets, built from
 * BouncyCastle primitives: lazysodium-java 5.2.0 is compiled for Java 21 and this tool targets 17,
 * and pure Java needs no native library unpacked at run time. The tests open the boxes with
 * libsodium itself.
 *
 * <p>Layout: {@code ephemeral_pk(32) || poly1305_tag(16) || xsalsa20(message)}, nonce =
 * BLAKE2b-192(ephemeral_pk || recipient_pk), key = HSalsa20(X25519(ephemeral_sk, recipient_pk), 0).
 */
public final class SealedBox {
    public static final int KEY_BYTES = 32;
    public static final int OVERHEAD = 32 + 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int[] SIGMA = Pack.littleEndianToInt("expand 32-byte k".getBytes(StandardCharsets.US_ASCII), 0, 4);

    private SealedBox() {
    }

    public static byte[] seal(byte[] message, byte[] recipientPublicKey) {
        if (recipientPublicKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("a public key has 32 bytes, got " + recipientPublicKey.length);
        }
        byte[] ephemeralSecret = new byte[KEY_BYTES];
        byte[] ephemeralPublic = new byte[KEY_BYTES];
        X25519.generatePrivateKey(RANDOM, ephemeralSecret);
        X25519.generatePublicKey(ephemeralSecret, 0, ephemeralPublic, 0);
        byte[] shared = new byte[KEY_BYTES];
        X25519.scalarMult(ephemeralSecret, 0, recipientPublicKey, 0, shared, 0);
        byte[] key = hsalsa20(shared, new byte[16]);
        byte[] nonce = nonce(ephemeralPublic, recipientPublicKey);

        byte[] out = new byte[OVERHEAD + message.length];
        System.arraycopy(ephemeralPublic, 0, out, 0, KEY_BYTES);
        secretbox(message, nonce, key, out, KEY_BYTES);
        Arrays.fill(ephemeralSecret, (byte) 0);
        Arrays.fill(shared, (byte) 0);
        Arrays.fill(key, (byte) 0);
        return out;
    }

    /** {@code crypto_secretbox}: the first 32 keystream bytes key Poly1305, the rest encrypt. */
    private static void secretbox(byte[] message, byte[] nonce, byte[] key, byte[] out, int offset) {
        XSalsa20Engine cipher = new XSalsa20Engine();
        cipher.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        byte[] macKey = new byte[32];
        cipher.processBytes(new byte[32], 0, 32, macKey, 0);
        int ct = offset + 16;
        cipher.processBytes(message, 0, message.length, out, ct);
        Poly1305 mac = new Poly1305();
        mac.init(new KeyParameter(macKey));
        mac.update(out, ct, message.length);
        mac.doFinal(out, offset);
        Arrays.fill(macKey, (byte) 0);
    }

    private static byte[] nonce(byte[] ephemeralPublic, byte[] recipientPublic) {
        Blake2bDigest blake = new Blake2bDigest(24 * 8);
        blake.update(ephemeralPublic, 0, ephemeralPublic.length);
        blake.update(recipientPublic, 0, recipientPublic.length);
        byte[] nonce = new byte[24];
        blake.doFinal(nonce, 0);
        return nonce;
    }

    /** HSalsa20: the Salsa20 rounds without the final feed-forward, words 0,5,10,15,6,7,8,9. */
    static byte[] hsalsa20(byte[] key, byte[] nonce16) {
        int[] state = new int[16];
        int[] k = Pack.littleEndianToInt(key, 0, 8);
        int[] n = Pack.littleEndianToInt(nonce16, 0, 4);
        state[0] = SIGMA[0];
        state[5] = SIGMA[1];
        state[10] = SIGMA[2];
        state[15] = SIGMA[3];
        System.arraycopy(k, 0, state, 1, 4);
        System.arraycopy(k, 4, state, 11, 4);
        System.arraycopy(n, 0, state, 6, 4);
        int[] x = new int[16];
        Salsa20Engine.salsaCore(20, state, x);
        int[] words = {0, 5, 10, 15, 6, 7, 8, 9};
        byte[] out = new byte[32];
        for (int i = 0; i < words.length; i++) {
            Pack.intToLittleEndian(x[words[i]] - state[words[i]], out, i * 4);
        }
        return out;
    }
}
