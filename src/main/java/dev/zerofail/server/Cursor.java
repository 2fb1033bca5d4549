package dev.zerofail.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of /api/v1/deployments: the last id a page showed, versioned and base64url
 * encoded so clients pass it back rather than build it (the keyset may grow more columns later).
 */
final class Cursor {
    private static final String PREFIX = "d1:";

    private Cursor() {
    }

    static String encode(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
    }

    /** The id to continue below; a 400 naming {@code cursor} when it is not one this server made. */
    static long decode(String cursor) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (s.startsWith(PREFIX) && s.substring(PREFIX.length()).matches("[1-9][0-9]{0,17}")) {
                return Long.parseLong(s.substring(PREFIX.length()));
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw ProblemException.badParameter("cursor", "not a cursor from this API; pass the nextCursor of the previous page");
    }
}
