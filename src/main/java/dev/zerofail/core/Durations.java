package dev.zerofail.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every duration zerofail reads or writes. Three spellings are read, one table of units serves
 * them all ({@code m} is always minutes):
 * <ul>
 * <li>zerofail's own ({@code zerofail.yaml}, {@code --wait}): {@code 250ms}, {@code 2s}, {@code 1m30s}, {@code 1h};</li>
 * <li>Go's, as {@code docker stack deploy} reads compose files: also {@code ns}, {@code us}/{@code µs},
 * {@code .5s}, and a bare {@code 0};</li>
 * <li>a time back ({@code history --since}): {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}.</li>
 * </ul>
 */
public final class Durations {
    private static final Pattern CONFIG_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final Pattern GO_PART = Pattern.compile("(\\d*\\.?\\d*)(ns|us|µs|μs|ms|s|m|h)");
    private static final Pattern AGO_PART = Pattern.compile("(\\d+)\\s*([mhdw])");
    private static final BigDecimal NANOS_PER_MILLI = BigDecimal.valueOf(1_000_000L);

    private Durations() {
    }

    /** zerofail's spelling: {@code 250ms}, {@code 2s}, {@code 1m30s}, {@code 1.5h}; to the millisecond. */
    public static Duration parse(String text, String where) {
        BigDecimal nanos = text == null ? null : nanos(text.strip(), CONFIG_PART);
        if (nanos == null) {
            throw ZerofailException.usage(where, "expected a duration like 250ms, 2s or 1m, got '" + text + "'",
                    "write a number followed by ms, s, m or h");
        }
        return Duration.ofMillis(nanos.divide(NANOS_PER_MILLI, 0, RoundingMode.HALF_UP).longValue());
    }

    /** Go's spelling ({@code 1m30s}, {@code 1500ms}, {@code .5s}, {@code 0}) in nanoseconds; empty when it is not one. */
    public static OptionalLong parseGo(String text) {
        String s = text == null ? "" : text.strip();
        if (s.equals("0")) {
            return OptionalLong.of(0);
        }
        BigDecimal nanos = nanos(s, GO_PART);
        return nanos == null ? OptionalLong.empty() : OptionalLong.of(nanos.longValue());
    }

    /** A time back: {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w} (case-insensitive); empty when it is not one. */
    public static Optional<Duration> parseAgo(String text) {
        BigDecimal nanos = text == null ? null : nanos(text.strip().toLowerCase(Locale.ROOT), AGO_PART);
        return nanos == null ? Optional.empty() : Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /** The sum of the parts, each a number and a unit with nothing between parts; null when {@code s} is not that. */
    private static BigDecimal nanos(String s, Pattern part) {
        Matcher m = part.matcher(s);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length() && m.find(at) && m.start() == at) {
            String number = m.group(1);
            if (number.isEmpty() || number.equals(".")) {
                return null;
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            at = m.end();
        }
        return s.isEmpty() || at != s.length() ? null : total;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            case "w" -> 604_800_000_000_000L;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }

    /** Short, in zerofail's own spelling so it can be pasted back: {@code 250ms}, {@code 2s}, {@code 1.5s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + "ms" : ms % 1000 == 0 ? ms / 1000 + "s" : String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    /** Time spent, for people: {@code 0.04 s} with {@code decimals} 2, {@code 12.5 s} with 1. */
    public static String seconds(Duration d, int decimals) {
        return Sizes.fixed(d.toMillis() / 1000.0, decimals) + " s";
    }

    /** Time spent in a phase or a deploy: {@code 12.5 s} under a minute, then {@code 3m05s}. */
    public static String elapsed(Duration d) {
        long ms = d.toMillis();
        return ms < 60_000 ? seconds(d, 1) : String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }
}
