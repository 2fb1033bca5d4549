package dev.zerofail.scan;

import dev.zerofail.core.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Per-file state of a detection: the file's facts, the current candidate segment, findings so far. */
final class FileScan {
    private static final Pattern HELM_VALUES = Pattern.compile("(?:[\\w-]+[-.])?values(?:[-.][\\w-]+)?\\.ya?ml");

    final String path;
    final byte[] buf;
    final int len;
    final FileKind kind;
    final boolean code;
    /** A translation catalogue: its values are UI text (see {@link FileKind#isTranslation}). */
    final boolean translations;
    /** 0 not yet known, 1 a Kubernetes Secret manifest, -1 not. */
    int secretManifest;
    /** Helm values: an empty password there means "generate one at install", not a missing secret. */
    final boolean helmValues;
    /** CI configuration: a weak default there is a throwaway service container's, not a shipped one. */
    final boolean ci;
    /** Whether '#' starts a comment: config files, Python, Ruby, Elixir; not C (#define) nor JS (#field). */
    final boolean hashComments;
    final List<Finding> findings = new ArrayList<>();
    boolean nonUtf8;
    int segStart = -1;
    int segEnd = -1;
    /** Whether the current segment decoded byte for byte (ASCII): then byte offsets are string indexes. */
    boolean segAscii;
    /** Where assignment keywords that passed the separator check end, and which keyword it was. */
    int[] hitEnds = new int[16];
    int[] hitIds = new int[16];
    int nHits;
    final boolean[] seen;
    final int[] seenList;
    int seenCount;
    int countedTo;
    int countedLine = 1;

    FileScan(String path, byte[] buf, int len, int keywords) {
        this.path = path;
        this.buf = buf;
        this.len = len;
        this.kind = FileKind.of(path);
        this.code = FileKind.isCode(path);
        this.translations = FileKind.isTranslation(path);
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        this.helmValues = HELM_VALUES.matcher(name).matches();
        String lp = "/" + path.toLowerCase(Locale.ROOT);
        this.ci = lp.contains("/.github/workflows/") || lp.contains("/.gitlab-ci") || lp.contains("/.circleci/")
                || lp.contains("/azure-pipelines") || lp.contains("/bitbucket-pipelines") || lp.contains("/.drone.yml")
                || lp.contains("/.buildkite/") || lp.contains("/.woodpecker");
        String ext = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        this.hashComments = !code || ext.equals("py") || ext.equals("rb") || ext.equals("ex") || ext.equals("exs");
        this.seen = new boolean[keywords];
        this.seenList = new int[keywords];
    }

    /** Characters between the real start of the line and the segment (non-zero only for huge lines). */
    int columnBase() {
        if (segStart == 0 || buf[segStart - 1] == '\n') {
            return 0;
        }
        int s = segStart;
        while (s > 0 && buf[s - 1] != '\n') {
            s--;
        }
        return segStart - s;
    }

    int lineOf(int offset) {
        for (int i = countedTo; i < offset; i++) {
            if (buf[i] == '\n') {
                countedLine++;
            }
        }
        countedTo = Math.max(countedTo, offset);
        return countedLine;
    }

    /**
     * A comment line ({@code // …}, {@code * …}, {@code # …}) is not what runs: a stand-in there is an
     * example, reported low like one in a template. A real secret in a comment is still leaked.
     */
    boolean commentLine(String line) {
        if (segStart > 0 && buf[segStart - 1] != '\n') {
            return false; // the middle of a long line
        }
        int p = AssignmentLexer.skipBlanks(line, 0);
        if (p >= line.length()) {
            return false;
        }
        char c = line.charAt(p);
        if (c == '/' && p + 1 < line.length() && (line.charAt(p + 1) == '/' || line.charAt(p + 1) == '*')
                || c == '*' && (p + 1 == line.length() || line.charAt(p + 1) == ' ' || line.charAt(p + 1) == '/')) {
            return code; // in .npmrc "//registry/:_authToken=" is a setting
        }
        return c == '#' && hashComments && (p + 1 == line.length() || line.charAt(p + 1) != '{');
    }

    String kindLabel() {
        return switch (kind) {
            case TEMPLATE -> "template file";
            case DOCS -> "documentation";
            case TEST -> "test file";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** Whether this file is a Kubernetes Secret manifest (worked out once, when first needed). */
    boolean secretManifest() {
        if (secretManifest == 0) {
            secretManifest = ValueHeuristics.indexOf(buf, len, "kind: Secret".getBytes(StandardCharsets.ISO_8859_1)) >= 0 ? 1 : -1;
        }
        return secretManifest > 0;
    }

    /** Word counts already taken in this file: a file with many passwords asks about the same few words. */
    java.util.Map<String, Integer> wordCounts;

    /** How many times {@code w} occurs in the file as a word (case ignored), counting up to {@code max}. */
    int wordCount(String w, int max) {
        if (wordCounts == null) {
            wordCounts = new java.util.HashMap<>();
        }
        return wordCounts.computeIfAbsent(w, x -> countWord(x, max));
    }

    private int countWord(String w, int max) {
        byte[] p = w.getBytes(StandardCharsets.ISO_8859_1);
        int count = 0;
        outer:
        for (int i = 0; i + p.length <= len; i++) {
            for (int k = 0; k < p.length; k++) {
                int b = buf[i + k];
                if (b >= 'A' && b <= 'Z') {
                    b += 32;
                }
                if (b != p[k]) {
                    continue outer;
                }
            }
            boolean left = i == 0 || !Character.isLetterOrDigit(buf[i - 1]);
            boolean right = i + p.length == len || !Character.isLetterOrDigit(buf[i + p.length]);
            if (left && right && ++count >= max) {
                return count;
            }
        }
        return count;
    }
}
