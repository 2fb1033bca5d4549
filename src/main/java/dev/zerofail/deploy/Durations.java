package dev.zerofail.deploy;

import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.ZerofailException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in zerofail.yaml and on the command line: {@code 250ms}, {@code 2s}, {@code 1m30s}, {@code 1h}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    public static Duration parse(String text, String where) {
        String v = text == null ? "" : text.strip();
        Matcher m = PART.matcher(v);
        long millis = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            millis += Math.round(n * switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            });
            end = m.end();
        }
        if (v.isEmpty() || end != v.length()) {
            throw ZerofailException.usage(where, "expected a duration like 250ms, 2s or 1m, got '" + text + "'",
                    "write a number followed by ms, s, m or h");
        }
        return Duration.ofMillis(millis);
    }

    static Duration of(ConfigNode node) {
        return parse(node.string(), node.where());
    }

    /** {@code 1.5s}, {@code 250ms}: short and exact enough for progress lines. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + "ms" : ms % 1000 == 0 ? ms / 1000 + "s" : String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
}
