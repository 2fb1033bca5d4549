package dev.zerofail.history;

/** JDBC URL helpers; a URL may carry a password (user:pass@ or ?password=), so it is never shown whole. */
final class Urls {
    private Urls() {
    }

    /** The URL without its query string and without user information. */
    static String redact(String url) {
        if (url == null) {
            return null;
        }
        String u = url;
        int q = u.indexOf('?');
        if (q >= 0) {
            u = u.substring(0, q) + "?…";
        }
        int scheme = u.indexOf("//");
        int at = u.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            u = u.substring(0, scheme + 2) + u.substring(at + 1);
        }
        return u;
    }

    /** The file of a {@code jdbc:sqlite:} URL, or null for an in-memory database. */
    static String sqliteFile(String url) {
        String rest = url.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith(":resource:")) {
            return null;
        }
        return rest;
    }
}
