package dev.zerofail.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The only ways a secret value may be shown: a masked prefix or a fingerprint. */
public final class Masking {
    private static final int SHOWN = 4;
    /** Below this length a value shows no character at all: four of twelve would give a third of it away. */
    static final int PREFIX_FROM = 20;

    private Masking() {
    }

    /**
     * {@code sk-a…(51 chars)}; values shorter than {@value #PREFIX_FROM} characters show nothing but
     * their length ({@code …(12 chars)}). The one masked form of every report, log and history row.
     */
    public static String mask(String value) {
        if (value == null) {
            return null;
        }
        int n = value.codePointCount(0, value.length());
        if (n == 0) {
            return "(empty)";
        }
        if (n < PREFIX_FROM) {
            return "…(" + n + " chars)";
        }
        int end = value.offsetByCodePoints(0, SHOWN);
        return value.substring(0, end) + "…(" + n + " chars)";
    }

    /**
     * {@link #mask}, for output that masks several values at once (a child's output, a server's
     * message): the characters shown are left out when they contain another of those values, so
     * a short secret that is the start of a longer one is not shown by the longer one's mask.
     */
    public static String mask(String value, java.util.Collection<String> others) {
        String masked = mask(value);
        if (masked == null || masked.startsWith("…") || masked.equals("(empty)")) {
            return masked;
        }
        String shown = masked.substring(0, masked.indexOf('…'));
        for (String o : others) {
            if (o != null && !o.isEmpty() && !o.equals(value) && shown.contains(o)) {
                return masked.substring(shown.length());
            }
        }
        return masked;
    }

    private static final java.util.regex.Pattern URL_CREDENTIALS =
            java.util.regex.Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/:@\\s\"']*):([^/@\\s\"']+)@");

    /**
     * {@code postgres://app:s3cret@db/app} → {@code postgres://app:…(6 chars)@db/app}: the password
     * of every URL in the text, whatever the key that holds it is called.
     */
    public static String maskUrlCredentials(String text) {
        if (text == null || text.indexOf("://") < 0) {
            return text;
        }
        java.util.regex.Matcher m = URL_CREDENTIALS.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(m.group(1) + ":" + mask(m.group(2)) + "@"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Whether {@code masked} (from a stored record) is a mask of {@code value}: today's form, a URL
     * with its password masked, or the older form that showed four characters from 9 on.
     */
    public static boolean matches(String value, String masked) {
        if (value == null || masked == null) {
            return false;
        }
        if (masked.equals(mask(value)) || masked.equals(maskUrlCredentials(value))) {
            return true;
        }
        int n = value.codePointCount(0, value.length());
        return n > 8 && masked.equals(value.substring(0, value.offsetByCodePoints(0, SHOWN)) + "…(" + n + " chars)");
    }

    /**
     * First 16 hex characters of SHA-256 over the parts, separated so that ("ab","c") != ("a","bc").
     * Unkeyed, so stable in every checkout (baselines, lock ids). Not for secrets a store or a
     * deploy handles: those use {@link Fingerprints#of}. The scanner's finding fingerprint covers
     * the matched value too, which is already in the scanned file.
     */
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
