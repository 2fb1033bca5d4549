package dev.zerofail.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The only ways a secret value may be shown: a masked prefix or a fingerprint. */
public final class Masking {
    private static final int SHOWN = 4;

    private Masking() {
    }

    /** {@code sk-a…(51 chars)}; values of 8 characters or fewer show nothing but their length. */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int n = value.codePointCount(0, value.length());
        if (n == 0) {
            return "(empty)";
        }
        if (n <= 8) {
            return "…(" + n + " chars)";
        }
        int end = value.offsetByCodePoints(0, SHOWN);
        return value.substring(0, end) + "…(" + n + " chars)";
    }

    /** First 16 hex characters of SHA-256 over the parts, separated so that ("ab","c") != ("a","bc"). */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update((p == null ? "" : p).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
