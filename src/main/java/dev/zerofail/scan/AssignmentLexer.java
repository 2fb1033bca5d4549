package dev.zerofail.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads assignments out of a candidate line, by hand: the key around a key word the automaton found,
 * the separator after it ({@code = : := => ?=}, a type annotation, XML, Dockerfile ENV/ARG) and the
 * value (quoted, bare, or wrapped in a call such as {@code Field("…")}). A regex tried at every
 * position of every candidate line used to be most of the scan's time. Stateless: per-file state is
 * in {@link FileScan}.
 */
final class AssignmentLexer {
    /** A generic key ("value", "default") names its secret on a line above: k8s env lists, Terraform variables. */
    private static final Pattern CONTEXT_NAME = Pattern.compile(
            "(?:\\bname\\s*[:=]\\s*[\"']?|\\bvariable\\s+\"|\"name\"\\s*:\\s*\")([A-Za-z_][\\w.-]*)"
            // Render/Heroku-style env lists: "- key: SOME_TOKEN" then "value: …" (an env name, not a header)
            + "|\\bkey\\s*:\\s*[\"']?([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)[\"']?\\s*$"
            // a mapping that opens on the line above: "jwt_secret:" (YAML) or "jwtSecret: {" (convict-style schemas)
            + "|^\\s*[\"']?([A-Za-z_][\\w.-]*)[\"']?\\s*:\\s*\\{?\\s*$");
    private static final int CONTEXT_GROUPS = 3;
    /** A call that wraps a literal default or secret: Field("x"), pulumi.output("x"), SecretStr("x")... */
    static final Pattern WRAPPER = Pattern.compile(
            "(?:[A-Za-z_]\\w*\\.)*(?:[Oo]utput\\.(?:secret|of)|pulumi\\.(?:output|secret)"
            + "|SecretValue\\.(?:unsafePlainText|plainText)|SecretStr|SecretBytes|Field|field|Secret|Optional\\.of|Some"
            + "|String|new\\s+String|Buffer\\.from|bytes|\\[\\]byte|str|fromhex|b64decode|urlsafe_b64decode|DecodeString)"
            + "\\s*\\(\\s*(?:default\\s*[=:]\\s*)?(?:[bf](?=[\"'`])|(?=[\"'`])|(?=[A-Z]\\w*\\())"
            // schema builders: z.string().min(32).default("changeme"), Joi.string().default('x'), str({ default: 'x' })
            + "|(?:[A-Za-z_]\\w*\\.)*(?:string|str|text)\\(\\s*(?:\\{\\s*default\\s*:\\s*)?(?=[\"'`])"
            + "|(?:[A-Za-z_]\\w*\\.)*\\w+\\([^()\"'`]{0,40}\\)(?:\\.\\w+\\([^()\"'`]{0,40}\\)){0,6}\\.default\\(\\s*(?=[\"'`])");

    final String[] keywordText;
    private final Vocabulary vocab;

    AssignmentLexer(String[] keywordText, Vocabulary vocab) {
        this.keywordText = keywordText;
        this.vocab = vocab;
    }

    /**
     * Assignments whose key contains one of the keywords found on the line. Parsing starts at the
     * keyword and reads the key around it, the separator after it and the value, by hand: a
     * regex tried at every position of every candidate line was most of the scan's time.
     */
    List<Assignment> assignments(FileScan f, String line, List<String> keywords) {
        List<Assignment> out = new ArrayList<>(2);
        int[] keyStarts = new int[8];
        int nStarts = 0;
        // ASCII segment: the keyword automaton already said where each key word ends
        int[] at = new int[f.segAscii ? f.nHits : 0];
        for (int h = 0; h < at.length; h++) {
            at[h] = f.hitEnds[h] - f.segStart - keywordText[f.hitIds[h]].length();
        }
        for (int k = 0; k < (f.segAscii ? 1 : keywords.size()); k++) {
            String kw = f.segAscii ? null : keywords.get(k);
            int h = 0;
            for (int idx = f.segAscii ? (at.length > 0 ? at[0] : -1) : indexOfIgnoreCase(line, kw, 0); idx >= 0;
                    idx = f.segAscii ? (++h < at.length ? at[h] : -1) : indexOfIgnoreCase(line, kw, idx + 1)) {
                String word = f.segAscii ? keywordText[f.hitIds[h]] : kw;
                int kwLen = word.endsWith(":") ? word.length() - 1 : word.length();
                if (idx < 0 || idx + kwLen > line.length()) {
                    continue;
                }
                int ks = idx;
                while (ks > 0 && keyChar(line, ks - 1)) {
                    ks--;
                }
                if (ks > 0 && ks < idx && line.charAt(ks - 1) == '\\' && "ntr".indexOf(line.charAt(ks)) >= 0) {
                    ks++; // "…\nDB_PASSWORD=…" inside a string: the key starts after the escape
                }
                boolean dup = false;
                for (int i = 0; i < nStarts; i++) {
                    dup |= keyStarts[i] == ks;
                }
                if (dup) {
                    continue;
                }
                if (nStarts == keyStarts.length) {
                    keyStarts = java.util.Arrays.copyOf(keyStarts, nStarts * 2);
                }
                keyStarts[nStarts++] = ks;
                Assignment a = assignmentAt(f, line, ks, idx + kwLen);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        out.sort(Comparator.comparingInt(Assignment::valueStart));
        return out;
    }

    Assignment assignmentAt(FileScan f, String line, int ks, int from) {
        int n = line.length();
        int ke = from;
        while (ke < n && keyChar(line, ke)) {
            ke++;
        }
        if (ks > 0 && (line.charAt(ks - 1) == '$' || line.charAt(ks - 1) == '{' && ks > 1 && line.charAt(ks - 2) == '$')) {
            return null;
        }
        int k0 = ks;
        while (k0 < ke && (line.charAt(k0) == '-' || line.charAt(k0) == '.' || line.charAt(k0) == ':')) {
            k0++;
        }
        if (k0 >= ke) {
            return null;
        }
        String key = line.substring(k0, ke);
        int p = ke;
        char open = ks > 0 ? line.charAt(ks - 1) : 0;
        boolean quotedKey = (open == '"' || open == '\'') && p < n && line.charAt(p) == open;
        if (quotedKey) {
            p++;
        }
        p = skipBlanks(line, p);
        String sep = null;
        boolean typed = false;
        if (p < n) {
            char c = line.charAt(p);
            char next = p + 1 < n ? line.charAt(p + 1) : 0;
            if (c == ':' && next == '=') {
                sep = ":=";
                p += 2;
            } else if (c == '=' && next == '>') {
                sep = "=>";
                p += 2;
            } else if ((c == '?' || c == '+') && next == '=') {
                sep = "=";
                p += 2;
            } else if (c == '>' && open == '<') {
                // <password>value</password>
                int close = line.indexOf('<', p + 1);
                if (close > p + 1) {
                    String v = line.substring(p + 1, close).strip();
                    int vs = line.indexOf(v, p + 1);
                    return new Assignment(key, vs, vs + v.length(), v, true, ">", false, true, false);
                }
                return null;
            } else if (c == '=' && next != '=' && next != '~') {
                sep = "=";
                p++;
            } else if (c == ':' && next != ':' && next != '/') {
                // "password: str = 'x'" (a type annotation): the '=' is the separator
                int q = skipBlanks(line, p + 1);
                int t = q;
                while (t < n && typeChar(line.charAt(t))) {
                    t++;
                }
                int r = skipBlanks(line, t);
                // "password: str = …" but not "API_KEY: ZHVtbXk=" (base64 padding) nor "a: b=c"
                if (t > q && r + 1 < n && line.charAt(r) == '=' && line.charAt(r + 1) != '='
                        && (r > t || line.charAt(r + 1) == ' ')) {
                    sep = "=";
                    typed = true;
                    p = r + 1;
                } else {
                    sep = ":";
                    p++;
                }
            }
        }
        if (sep == null) {
            if (!dockerInstruction(line, ks) || p >= n || p == ke) {
                return null;
            }
            sep = "=";
        }
        p = skipBlanks(line, p);
        Assignment a = value(f, line, key, p, sep, insideQuotes(line, quotedKey ? ks - 1 : ks));
        String named = key;
        if (vocab.genericKey(key) && a.literal() && (!a.value().isBlank() || a.quoted())
                && !ValueHeuristics.isReference(a.value())) {
            // reading lines above costs more than the rest: only for a literal that could be a finding
            // an empty value takes its name only from a "- name:"/"- key:" entry, not from a mapping above
            // (a workflow input's `default: ''` under `aws-secrets-mapping:` is no missing secret)
            String above = contextName(f, a.value().isBlank());
            if (above != null) {
                named = above;
            }
        }
        return typed || quotedKey || named != key ? a.with(named, typed, quotedKey) : a;
    }

    /**
     * Whether {@code line} before {@code ks}, stripped, is a Dockerfile ENV or ARG, without copying it: a
     * minified line reaches this at every key word with no separator after it.
     */
    static boolean dockerInstruction(String line, int ks) {
        int e = ks;
        while (e > 0 && Character.isWhitespace(line.charAt(e - 1))) {
            e--;
        }
        if (e < 3 || !(line.startsWith("ENV", e - 3) || line.startsWith("ARG", e - 3))) {
            return false;
        }
        for (int i = 0; i < e - 3; i++) {
            if (!Character.isWhitespace(line.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The key a value at {@code pos} is assigned to ("KEY=" or "key: " just before it), or null. */
    static String keyBefore(String line, int pos) {
        int p = pos - 1;
        while (p >= 0 && (line.charAt(p) == ' ' || line.charAt(p) == '\t' || line.charAt(p) == '"'
                || line.charAt(p) == '\'')) {
            p--;
        }
        if (p < 0) {
            return null;
        }
        char c = line.charAt(p);
        if (c == '=' || c == ':') {
            p--;
            if (p >= 0 && (line.charAt(p) == ':' || line.charAt(p) == '=')) {
                p--;
            }
        } else if (c == '>' && p > 0 && line.charAt(p - 1) == '=') {
            p -= 2;
        } else {
            return null;
        }
        while (p >= 0 && (line.charAt(p) == ' ' || line.charAt(p) == '\t' || line.charAt(p) == '"'
                || line.charAt(p) == '\'')) {
            p--;
        }
        int ke = p + 1;
        while (p >= 0 && keyChar(line, p)) {
            p--;
        }
        return ke > p + 1 ? line.substring(p + 1, ke) : null;
    }

    /** The name on one of the few lines above ("- name: OPENAI_API_KEY", 'variable "db_password" {'). */
    String contextName(FileScan f, boolean namedEntryOnly) {
        int e = f.segStart - 1;
        for (int lines = 0; lines < 4 && e > 0; lines++) {
            int s = e;
            while (s > 0 && f.buf[s - 1] != '\n' && e - s < 512) {
                s--;
            }
            Matcher m = CONTEXT_NAME.matcher(new String(f.buf, s, e - s, StandardCharsets.ISO_8859_1));
            if (m.find()) {
                for (int g = 1; g <= (namedEntryOnly ? CONTEXT_GROUPS - 1 : CONTEXT_GROUPS); g++) {
                    if (m.group(g) != null) {
                        return m.group(g);
                    }
                }
            }
            e = s - 1;
        }
        return null;
    }

    Assignment value(FileScan f, String line, String key, int start, String sep, boolean insideQuotes) {
        int n = line.length();
        int i = start;
        boolean fString = false;
        if (i + 1 < n && (line.charAt(i) == 'f' || line.charAt(i) == 'r' || line.charAt(i) == 'b')
                && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\'')) {
            fString = line.charAt(i) == 'f';
            i++;
        }
        if (f.code && i < n && (Character.isLetter(line.charAt(i)) || line.charAt(i) == '[')) {
            // Field("change-me", env="X"), pulumi.output("REPLACE_ME"): the literal the call wraps is the value
            for (int depth = 0; depth < 2 && callAhead(line, i); depth++) { // Field(default=SecretStr("…"))
                Matcher w = WRAPPER.matcher(line).region(i, n);
                if (!w.lookingAt()) {
                    break;
                }
                i = w.end();
            }
        }
        if (i < n && (line.charAt(i) == '"' || line.charAt(i) == '\'' || line.charAt(i) == '`')) {
            char q = line.charAt(i);
            int j = i + 1;
            while (j < n && line.charAt(j) != q) {
                if (line.charAt(j) == '\\') {
                    j++;
                }
                j++;
            }
            int end = Math.min(j, n);
            String v = line.substring(i + 1, end);
            return new Assignment(key, i + 1, end, v, true, sep, fString || (q == '`' && v.contains("${")), true,
                    insideQuotes);
        }
        int j = i;
        int braces = 0;
        int brackets = 0;
        while (j < n) {
            char c = line.charAt(j);
            if (c == '{') {
                braces++;
            } else if (c == '}') {
                if (braces == 0) {
                    break;
                }
                braces--;
            } else if (c == '[') {
                brackets++;
            } else if (c == ']') {
                if (brackets == 0) {
                    break;
                }
                brackets--;
            } else if (c == ';' || c == ',' || c == ')' || c == '"' || c == '\'' || c == '`'
                    || c == '\\' && insideQuotes) {
                // inside a quoted string, an escape (\n) ends the value: "A_KEY=x\nB_KEY=y"
                break;
            } else if ((c == '#' || c == '/') && j > i && Character.isWhitespace(line.charAt(j - 1))
                    && (c == '#' || (j + 1 < n && line.charAt(j + 1) == '/'))) {
                break;
            } else if (Character.isWhitespace(c) && ((f.code && !insideQuotes) || sep.equals("="))) {
                break;
            }
            j++;
        }
        String v = line.substring(i, j).stripTrailing();
        return new Assignment(key, i, i + v.length(), v, false, sep, false, !f.code || insideQuotes, insideQuotes);
    }

    /**
     * Whether the first character from {@code i} on that is not a word character, {@code .}, {@code [}, {@code ]}
     * or a blank is {@code (}: every form {@link #WRAPPER} matches reaches a {@code (} so; most values
     * ({@code password = cfg.password;}) do not, and the regex is not tried on them.
     */
    static boolean callAhead(String line, int i) {
        for (int n = line.length(); i < n; i++) {
            char c = line.charAt(i);
            if (c == '(') {
                return true;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                    || c == '[' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
                    || c == 0x0B)) {
                return false;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------- character tests

    static boolean keyByte(byte b) {
        return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '-' || b == '.';
    }

    /** Key characters: letters, digits, _ . - and ':' between two name parts (Pulumi "project:key"). */
    static boolean keyChar(String line, int i) {
        char c = line.charAt(i);
        if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-') {
            return true;
        }
        return c == ':' && i > 0 && i + 1 < line.length() && Character.isLetterOrDigit(line.charAt(i - 1))
                && (Character.isLetter(line.charAt(i + 1)) || line.charAt(i + 1) == '_');
    }

    static boolean typeChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '[' || c == ']' || c == '|' || c == '<'
                || c == '>' || c == '?';
    }

    static int skipBlanks(String line, int p) {
        while (p < line.length() && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
            p++;
        }
        return p;
    }

    /** Whether position {@code pos} lies inside a quoted string that starts earlier on the line. */
    static boolean insideQuotes(String line, int pos) {
        char open = 0;
        for (int i = 0; i < pos && i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (open == 0 && (c == '"' || c == '\'' || c == '`')) {
                open = c;
            } else if (c == open) {
                open = 0;
            }
        }
        return open != 0;
    }

    static int words(String t) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < t.length(); i++) {
            boolean ws = Character.isWhitespace(t.charAt(i));
            if (!ws && !in) {
                n++;
            }
            in = !ws;
        }
        return n;
    }

    static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }

    /** {@code kw} is lower-case ASCII; finds it in {@code s} ignoring ASCII case, without allocating. */
    static int indexOfIgnoreCase(String s, String kw, int from) {
        char c0 = kw.charAt(0);
        char u0 = c0 >= 'a' && c0 <= 'z' ? (char) (c0 - 32) : c0;
        int max = s.length() - kw.length();
        for (int i = from; i <= max; i++) {
            char c = s.charAt(i);
            if ((c == c0 || c == u0) && s.regionMatches(true, i + 1, kw, 1, kw.length() - 1)) {
                return i;
            }
        }
        return -1;
    }

    /** Lower-cases ASCII letters only, so that indexes in the result are indexes in the input. */
    static String asciiLower(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = s.toCharArray();
                }
                out[i] = (char) (c + 32);
            }
        }
        return out == null ? s : new String(out);
    }
}
