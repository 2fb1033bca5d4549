package dev.zerofail.scan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
        boolean ascii = true;
        for (int i = from; i < to; i++) {
            if (f.buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        f.segAscii = ascii;
        if (ascii) {
            return new String(f.buf, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(f.buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            f.nonUtf8 = true;
            return new String(f.buf, from, to - from, StandardCharsets.ISO_8859_1);
        }
    }
}
