package dev.zerofail.core;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a host names this machine. Plaintext connections (http://, tcp:// to Docker, PostgreSQL
 * without TLS) are allowed only to such hosts. Decided from the text alone: no DNS lookup, so a
 * name that happens to resolve to 127.0.0.1 today is not trusted.
 */
public final class Loopback {
    private static final Pattern IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private Loopback() {
    }

    public static boolean is(String host) {
        if (host == null) {
            return false;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || IPV4.matcher(h).matches() || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
