package dev.zerofail.server;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A bearer token as the configuration keeps it: PBKDF2-HMAC-SHA256 with its own salt and iteration
 * count, written {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash in unpadded base64).
 * The token itself is never stored.
 */
public record TokenHash(int iterations, byte[] salt, byte[] hash) {
    public static final String PREFIX = "pbkdf2-sha256";
    /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Below this a stolen configuration is cheap to brute-force; the loader refuses it. */
    public static final int MIN_ITERATIONS = 10_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    public TokenHash {
        salt = salt.clone();
        hash = hash.clone();
    }

    public static TokenHash of(String token, int iterations, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new TokenHash(iterations, salt, derive(token, salt, iterations));
    }

    /** Null when the text is not in the {@code pbkdf2-sha256$…} form (the caller names the key). */
    public static TokenHash parse(String text) {
        String[] parts = text.trim().split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return null;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            Base64.Decoder b64 = Base64.getDecoder();
            byte[] salt = b64.decode(parts[2]);
            byte[] hash = b64.decode(parts[3]);
            if (iterations < 1 || salt.length < 8 || hash.length != HASH_BITS / 8) {
                return null;
            }
            return new TokenHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Constant time in the hash: every byte is compared whatever the first difference. */
    public boolean matches(String token) {
        return MessageDigest.isEqual(derive(token, salt, iterations), hash);
    }

    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** A new random token: 32 bytes, URL-safe base64, with a prefix that secret scanners recognise. */
    public static String newToken(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return "zf_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static byte[] derive(String token, byte[] salt, int iterations) {
        char[] chars = token.toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this Java runtime", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public String toString() {
        // the hash is not the token, but it is what an attacker would brute-force: keep it out of logs
        return "TokenHash[" + PREFIX + ", " + iterations + " iterations]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TokenHash t && t.iterations == iterations && Arrays.equals(t.salt, salt) && Arrays.equals(t.hash, hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }
}
