package dev.zerofail.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the keyword automaton's hits in one file into candidate segments: the line around a keyword
 * (at most {@link #MAX_REACH} bytes either side, so a minified bundle stays linear), decoded once, with
 * the keywords seen in it; a key word that assigns nothing ({@code getToken()}) is dropped here, in the
 * byte loop. Each segment goes to the {@link Classifier}.
 */
final class Segmenter implements KeywordIndex.Sink {
    /** A segment around a keyword is at most this many bytes each side, so minified files stay linear. */
    static final int MAX_REACH = 2048;

    private final Detector det;
    private final Classifier classifier;
    private final FileScan f;

    Segmenter(Detector det, Classifier classifier, FileScan f) {
        this.det = det;
        this.classifier = classifier;
        this.f = f;
    }

    @Override
    public void hit(int end, int[] ids) {
        boolean wanted = false;
        int peek = 0;
        for (int id : ids) {
            if (!det.needsSeparator[id]) {
                wanted = true;
            } else {
                if (peek == 0) {
                    peek = assignLike(end) ? 1 : -1;
                }
                wanted |= peek > 0;
            }
        }
        if (!wanted) {
            return;
        }
        int pos = end - 1;
        if (pos >= f.segEnd) {
            flush();
            int s = pos;
            int floor = Math.max(Math.max(f.segEnd, 0), pos - MAX_REACH);
            while (s > floor && f.buf[s - 1] != '\n') {
                s--;
            }
            int e = pos;
            int ceil = Math.min(f.len, pos + MAX_REACH);
            while (e < ceil && f.buf[e] != '\n') {
                e++;
            }
            f.segStart = s;
            f.segEnd = e;
        }
        for (int id : ids) {
            if (!f.seen[id]) {
                f.seen[id] = true;
                f.seenList[f.seenCount++] = id;
            }
            if (det.assignKeyword[id] && (!det.needsSeparator[id] || peek > 0)) {
                if (f.nHits == f.hitEnds.length) {
                    f.hitEnds = java.util.Arrays.copyOf(f.hitEnds, f.nHits * 2);
                    f.hitIds = java.util.Arrays.copyOf(f.hitIds, f.nHits * 2);
                }
                f.hitEnds[f.nHits] = end;
                f.hitIds[f.nHits++] = id;
            }
        }
    }

    /**
     * Whether a key word that ends at {@code end} is followed, after the rest of the key and
     * any quotes, by something that assigns or defaults a value ({@code = : || ?? ,}), or opens a
     * Dockerfile ENV/ARG line. Most mentions of "key", "token" or "password" in code and prose
     * are not, and are never decoded.
     */
    boolean assignLike(int end) {
        int lim = Math.min(f.len, end + 64);
        int i = end;
        while (i < lim && AssignmentLexer.keyByte(f.buf[i])) {
            i++;
        }
        boolean quoted = false;
        while (i < lim && (f.buf[i] == ' ' || f.buf[i] == '\t' || f.buf[i] == '"' || f.buf[i] == '\'' || f.buf[i] == ']')) {
            quoted |= f.buf[i] == '"' || f.buf[i] == '\'';
            i++;
        }
        if (i < lim) {
            byte c = f.buf[i];
            if (c == '=' || c == ':' || c == '|' || c == '?' || c == '>' || (c == ',' && quoted)) {
                return true;
            }
            if (c == ')' && quoted) {
                // getenv("API_TOKEN") || "…", .get("X") or "…", ("X")).orElse("…"), ENV.fetch("X") { "…" }
                while (i < lim && (f.buf[i] == ')' || f.buf[i] == ' ' || f.buf[i] == '\t')) {
                    i++;
                }
                if (i < lim) {
                    c = f.buf[i];
                    byte d = i + 1 < lim ? f.buf[i + 1] : 0;
                    return c == '|' || c == '?' || c == ',' || c == '.' && (d == 'o' || d == 'u' || d == 'g')
                            || c == '{' && (d == ' ' || d == '"' || d == '\'')
                            || c == 'o' && d == 'r' && i + 2 < lim && f.buf[i + 2] == ' ';
                }
            }
        }
        return i < lim && (f.buf[i - 1] == ' ' || f.buf[i - 1] == '\t') && dockerfileInstruction(end);
    }

    private boolean dockerfileInstruction(int end) {
        int s = end;
        int floor = Math.max(0, end - 256);
        while (s > floor && f.buf[s - 1] != '\n') {
            s--;
        }
        while (s < end && (f.buf[s] == ' ' || f.buf[s] == '\t')) {
            s++;
        }
        return s + 4 <= end && f.buf[s + 3] == ' ' && (f.buf[s] == 'E' && f.buf[s + 1] == 'N' && f.buf[s + 2] == 'V'
                || f.buf[s] == 'A' && f.buf[s + 1] == 'R' && f.buf[s + 2] == 'G');
    }

    void flush() {
        if (f.seenCount == 0) {
            return;
        }
        List<String> assign = new ArrayList<>(2);
        boolean url = false;
        List<Rule> triggered = new ArrayList<>(2);
        for (int i = 0; i < f.seenCount; i++) {
            int id = f.seenList[i];
            f.seen[id] = false;
            if (det.assignKeyword[id]) {
                assign.add(det.keywordText[id]);
            }
            url |= det.urlKeyword[id];
            for (int r : det.lineRulesByKeyword[id]) {
                Rule rule = det.lineRules.get(r);
                if (!triggered.contains(rule)) {
                    triggered.add(rule);
                }
            }
        }
        f.seenCount = 0;
        String line = decode(f.segStart, f.segEnd);
        classifier.analyse(f, line, triggered, assign, url);
        f.nHits = 0;
    }

    String decode(int from, int to) {
        int i = from;
        while (i < to && f.buf[i] >= 0) {
            i++;
        }
        f.segAscii = i == to;
        if (f.segAscii) {
            return new String(f.buf, from, to - from, StandardCharsets.ISO_8859_1);
        }
        if (wellFormedUtf8(f.buf, i, to)) {
            return new String(f.buf, from, to - from, StandardCharsets.UTF_8);
        }
        f.nonUtf8 = true;
        return new String(f.buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether {@code b[from, to)} is well-formed UTF-8 (the Unicode standard's table 3-7: no overlong
     * form, no surrogate, nothing past U+10FFFF, no sequence cut short), as a strict decoder reads it;
     * then {@code new String(…, UTF_8)} decodes it without a decoder's buffers.
     */
    static boolean wellFormedUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int more;
            int lo = 0x80;
            int hi = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                more = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                more = 2;
                lo = c == 0xe0 ? 0xa0 : 0x80;
                hi = c == 0xed ? 0x9f : 0xbf;
            } else if (c >= 0xf0 && c <= 0xf4) {
                more = 3;
                lo = c == 0xf0 ? 0x90 : 0x80;
                hi = c == 0xf4 ? 0x8f : 0xbf;
            } else {
                return false;
            }
            if (i + more >= to) {
                return false;
            }
            int second = b[i + 1] & 0xff;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= more; k++) {
                int t = b[i + k] & 0xff;
                if (t < 0x80 || t > 0xbf) {
                    return false;
                }
            }
            i += more + 1;
        }
        return true;
    }
}
