package dev.zerofail.server;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The dashboard's small template kit: escaping and the few formats every page uses. */
final class Html {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Html() {
    }

    /** Text or attribute value, escaped. */
    static String esc(Object o) {
        if (o == null) {
            return "";
        }
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A rate from 0 to 1 as a percentage with one decimal; "–" when there is none. */
    static String percent(Double rate) {
        return rate == null ? "–" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String number(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    /** 850 ms, 42 s, 3 min 05 s, 2 h 07 min, 3 d 4 h. */
    static String duration(Long ms) {
        if (ms == null) {
            return "–";
        }
        Duration d = Duration.ofMillis(ms);
        if (ms < 1000) {
            return ms + " ms";
        }
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 1) {
            return String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
        }
        if (d.toDays() < 1) {
            return String.format(Locale.ROOT, "%d h %02d min", d.toHours(), d.toMinutesPart());
        }
        return d.toDays() + " d " + d.toHoursPart() + " h";
    }

    static String when(Instant at, ZoneId zone) {
        return at == null ? "–" : WHEN.format(at.atZone(zone));
    }

    /** A machine-readable time element, shown in the configured zone. */
    static String time(Instant at, ZoneId zone) {
        return at == null ? "–" : "<time datetime=\"" + at + "\">" + esc(when(at, zone)) + "</time>";
    }

    static String lower(Enum<?> e) {
        return e == null ? "" : e.name().toLowerCase(Locale.ROOT);
    }
}
