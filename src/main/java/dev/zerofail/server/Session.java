package dev.zerofail.server;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The dashboard's browser session: a cookie {@code zf_session=NONCE.TOKEN} (HttpOnly, SameSite=Strict,
 * Secure behind TLS). It carries the token the user typed, so any replica can check it without shared
 * state (several replicas sit behind one routing mesh); the nonce is new at every login, and the
 * session's CSRF token is HMAC-SHA256(token, nonce): a page of this origin learns it from the HTML,
 * another site can neither read the cookie nor compute it.
 */
record Session(String nonce, String token) {
    static final String COOKIE = "zf_session";
    /** The login form's double-submit cookie (a session does not exist yet). */
    static final String LOGIN_COOKIE = "zf_login";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CSRF_FIELD = "_csrf";
    static final int MAX_AGE_SECONDS = 12 * 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    static Session create(String token) {
        return new Session(random(), token);
    }

    /** Null for a missing or malformed cookie. */
    static Session parse(String cookie) {
        if (cookie == null) {
            return null;
        }
        int dot = cookie.indexOf('.');
        if (dot < 16 || dot == cookie.length() - 1 || !cookie.substring(0, dot).matches("[A-Za-z0-9_-]+")) {
            return null;
        }
        return new Session(cookie.substring(0, dot), cookie.substring(dot + 1));
    }

    String cookieValue() {
        return nonce + "." + token;
    }

    String csrf() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(nonce.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean csrfMatches(String sent) {
        return sent != null && MessageDigest.isEqual(csrf().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8));
    }

    static String random() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A Set-Cookie value; {@code value} null clears the cookie. */
    static String setCookie(String name, String value, boolean secure, int maxAge) {
        return name + "=" + (value == null ? "" : value) + "; Path=/; Max-Age=" + (value == null ? 0 : maxAge)
                + "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    @Override
    public String toString() {
        // a record's toString would print the token
        return "Session[nonce=" + nonce + "]";
    }
}
