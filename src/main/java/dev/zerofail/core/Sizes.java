package dev.zerofail.core;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every size zerofail reads or writes. One spelling is read everywhere, the one docker stack deploy
 * reads memory limits with (Go's {@code units.RAMInBytes}): a number with an optional binary
 * multiple, {@code k}, {@code m}, {@code g}, {@code t} or {@code p} in either case, then an optional
 * {@code i} and {@code b}: {@code 512k}, {@code 25MB}, {@code 1.5g}, {@code 100 MiB}, {@code 1024}.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?");
    private static final BigDecimal KIB = BigDecimal.valueOf(1024);
    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private Sizes() {
    }

    /** The size in bytes; a usage error naming {@code where} when {@code text} is not a size. */
    public static long parse(String text, String where) {
        Matcher m = text == null ? null : SIZE.matcher(text.strip());
        BigDecimal bytes = null;
        if (m != null && m.matches()) {
            int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
            bytes = new BigDecimal(m.group(1)).multiply(KIB.pow(power));
        }
        if (bytes == null || bytes.compareTo(MAX) > 0) {
            String shown = String.valueOf(text);
            throw ZerofailException.usage(where, "expected a size like 512M, 25MB or 1G, got '"
                    + (shown.length() > 40 ? shown.substring(0, 40) + "…" : shown) + "'",
                    "write a number followed by b, k, m, g, t or p (KB, MB, GB also work)");
        }
        return bytes.longValue();
    }

    /** For people: {@code 47 KB} below a MiB, then {@code 12.3 MB} (binary multiples, as read). */
    public static String format(long bytes) {
        double b = bytes;
        return b >= 1 << 20 ? fixed(b / (1 << 20), 1) + " MB" : fixed(b / 1024, 0) + " KB";
    }

    /**
     * {@code String.format(Locale.ROOT, "%.Nf", v)} without a Formatter: its first use loads the
     * locale providers (about a hundred classes), a tenth of a pre-commit hook's own time, for one
     * number on the summary line. Same digits: the shortest decimal of the double, rounded half up.
     */
    static String fixed(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
