package dev.zerofail.runs.cause;

/** A line of a CI job's log as GitHub serves it: {@code 2024-05-01T10:00:13.1234567Z } and the line as the tool printed it. */
public final class LogLine {
    private LogLine() {
    }

    /** The line without GitHub's timestamp prefix (and the byte-order mark before it on a log's first line). */
    public static String withoutTimestamp(String line) {
        int n = timestampLength(line);
        return n == 0 ? line : line.substring(n);
    }

    /**
     * Length of the timestamp prefix with the blank after it, or 0 when the line has none. By hand rather than a
     * regex: the cause rules read every line of every failed job.
     */
    public static int timestampLength(String s) {
        int b = !s.isEmpty() && s.charAt(0) == '\uFEFF' ? 1 : 0;
        int n = s.length();
        if (n < b + 20 || s.charAt(b + 4) != '-' || s.charAt(b + 7) != '-' || s.charAt(b + 10) != 'T'
                || s.charAt(b + 13) != ':' || s.charAt(b + 16) != ':' || !digits(s, b, b + 4) || !digits(s, b + 5, b + 7)
                || !digits(s, b + 8, b + 10) || !digits(s, b + 11, b + 13) || !digits(s, b + 14, b + 16)
                || !digits(s, b + 17, b + 19)) {
            return 0;
        }
        int i = b + 19;
        if (s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
        }
        if (i >= n || s.charAt(i) != 'Z') {
            return 0;
        }
        i++;
        return i < n && Character.isWhitespace(s.charAt(i)) ? i + 1 : i;
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
