package dev.zerofail.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Ordered from least to most severe; {@code --fail-on} compares with {@link #atLeast}. */
public enum Severity {
    INFO, LOW, MEDIUM, HIGH, CRITICAL;

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text, String where) {
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw ZerofailException.usage(where, "unknown severity '" + text + "'",
                "use one of " + Arrays.stream(values()).map(Severity::label).collect(Collectors.joining(", ")));
    }
}
