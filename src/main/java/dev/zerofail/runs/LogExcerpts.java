package dev.zerofail.runs;

import dev.zerofail.core.Finding;
import dev.zerofail.core.Masking;
import dev.zerofail.runs.cause.LogLine;
import dev.zerofail.scan.Detector;
import dev.zerofail.scan.RuleSet;
import dev.zerofail.scan.SecretKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A failed job's log cut down to the lines around each failure, with every secret the scanner
 * recognises masked, before anything is stored. GitHub already shows registered secrets as
 * {@code ***}; this catches what was never registered (a token echoed by a script, a URL password).
 */
public final class LogExcerpts {
    static final int BEFORE = 20;
    static final int AFTER = 5;
    static final int MAX_LINES = 400;
    /** Lines kept from the end when no line looks like a failure: the failure is usually last. */
    static final int TAIL = 40;
    private static final Pattern FAILURE = Pattern.compile("##\\[error\\]|ERR!|(?i)\\b(error|fatal|failed|failure|exception|"
            + "denied|unauthori[sz]ed|forbidden|timed? ?out|traceback|panic|killed|no space left)\\b|exit code [1-9]");
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)\\s*[=:]\\s*([^\\s\"',;]{4,})");
    private static final Pattern CHARS = Pattern.compile("\\((\\d+) chars\\)$");

    private final Detector detector;
    private final SecretKeys keys;

    public LogExcerpts(RuleSet rules) {
        this.detector = new Detector(rules);
        this.keys = rules.secretKeys();
    }

    /** The masked lines around each failure (timestamps dropped), at most {@link #MAX_LINES}. */
    public List<String> excerpt(String log) {
        String[] all = log.split("\r?\n", -1);
        int n = all.length;
        while (n > 0 && all[n - 1].isEmpty()) {
            n--;
        }
        boolean[] keep = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            if (FAILURE.matcher(all[i]).find()) {
                any = true;
                for (int k = Math.max(0, i - BEFORE); k <= Math.min(n - 1, i + AFTER); k++) {
                    keep[k] = true;
                }
            }
        }
        if (!any) {
            for (int k = Math.max(0, n - TAIL); k < n; k++) {
                keep[k] = true;
            }
        }
        List<String> lines = new ArrayList<>();
        int last = -2;
        for (int i = 0; i < n && lines.size() < MAX_LINES; i++) {
            if (!keep[i]) {
                continue;
            }
            if (last >= 0 && i > last + 1) {
                lines.add("…");
            }
            lines.add(LogLine.withoutTimestamp(all[i]));
            last = i;
        }
        return mask(lines);
    }

    /** Every value the scanner calls a secret or placeholder, every URL password, every secret-keyed assignment. */
    List<String> mask(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(maskAssignments(Masking.maskUrlCredentials(l)));
        }
        List<Finding> findings = detector.detect("job.log", String.join("\n", out));
        for (Finding f : findings) {
            int i = f.location().line() - 1;
            if (i < 0 || i >= out.size() || f.masked() == null) {
                continue;
            }
            out.set(i, maskAt(out.get(i), f.location().column(), f.masked()));
        }
        return out;
    }

    /**
     * The value at {@code column} (1-based) replaced by its mask when the mask's length and shown prefix
     * agree with the text there; otherwise everything from the column on (or the whole line) goes.
     */
    static String maskAt(String line, int column, String masked) {
        if (column <= 0 || column > line.length()) {
            return "[line masked: " + masked + "]";
        }
        int start = column - 1;
        Matcher m = CHARS.matcher(masked);
        if (m.find()) {
            int len = Integer.parseInt(m.group(1));
            int ell = masked.indexOf('…');
            String shown = ell > 0 ? masked.substring(0, ell) : "";
            if (start + len <= line.length() && line.startsWith(shown, start)) {
                return line.substring(0, start) + masked + line.substring(start + len);
            }
            // the column may be the key's: find the value after it
            int at = shown.isEmpty() ? -1 : line.indexOf(shown, start);
            if (at >= 0 && at + len <= line.length()) {
                return line.substring(0, at) + masked + line.substring(at + len);
            }
        }
        return line.substring(0, start) + masked;
    }

    private String maskAssignments(String line) {
        if (line.indexOf('=') < 0 && line.indexOf(':') < 0) {
            return line;
        }
        Matcher m = ASSIGNMENT.matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = m.group(2);
            String replacement = keys.isSecretKey(m.group(1)) && !v.startsWith("***") && !v.startsWith("$")
                    ? m.group().substring(0, m.start(2) - m.start()) + Masking.mask(v) : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public static String encode(List<String> lines) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    public static List<String> decode(String stored) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(stored)))) {
            String text = new String(gz.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n", -1));
        } catch (IOException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
