package dev.zerofail.compose;

import dev.zerofail.core.Durations;
import dev.zerofail.core.Sizes;
import dev.zerofail.core.ZerofailException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of a canonical compose model with its key path ({@code services.web.deploy.replicas}),
 * so every conversion error names the service and key. The canonical model keeps strings where the
 * YAML had strings after interpolation ({@code replicas: "2"}), so every reader here accepts a number
 * given as a string.
 */
record ComposeValue(String path, Object raw) {
    private static final BigDecimal NANOS_PER_CPU = BigDecimal.valueOf(1_000_000_000L);

    static ComposeValue root(String path, Object raw) {
        return new ComposeValue(path, raw);
    }

    boolean present() {
        return raw != null;
    }

    ComposeValue get(String key) {
        Object child = raw instanceof Map<?, ?> m ? m.get(key) : null;
        return new ComposeValue(path + "." + key, child);
    }

    ZerofailException error(String problem, String nextStep) {
        return ZerofailException.usage(path, problem, nextStep);
    }

    /** A scalar as text; numbers and booleans as YAML would print them. */
    String string() {
        if (raw instanceof String s) {
            return s;
        }
        if (raw instanceof Number || raw instanceof Boolean) {
            return raw instanceof Double d && d == Math.rint(d) && !d.isInfinite() ? String.valueOf(d.longValue()) : raw.toString();
        }
        throw error("expected a single value, got " + kind(), "write it as a plain string");
    }

    String stringOr(String fallback) {
        return present() ? string() : fallback;
    }

    long integer() {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof java.math.BigInteger) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return d.longValue();
        }
        if (raw instanceof String s && s.strip().matches("[+-]?\\d{1,18}")) {
            return Long.parseLong(s.strip());
        }
        throw error("expected a whole number, got " + quoted(), "write a number like 2");
    }

    long nonNegative() {
        long n = integer();
        if (n < 0) {
            throw error("expected a number of 0 or more, got " + n, "write a number like 2");
        }
        return n;
    }

    double decimal() {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw error("expected a number, got " + quoted(), "write a number like 0.1");
    }

    boolean bool() {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw error("expected true or false, got " + quoted(), "write true or false");
    }

    boolean isTrue() {
        return present() && bool();
    }

    /** A Go duration (what docker stack deploy accepts: {@code 1m30s}, {@code 1500ms}, {@code 0}) in nanoseconds. */
    long nanos() {
        String s = raw instanceof String str ? str : raw instanceof Number n && n.doubleValue() == 0 ? "0" : null;
        return Durations.parseGo(s).orElseThrow(this::durationError);
    }

    private ZerofailException durationError() {
        return error("expected a duration like 30s, 1m30s or 500ms, got " + quoted(),
                "use a number followed by ns, us, ms, s, m or h");
    }

    /** A size ({@code 50M}, {@code 1.5g}, {@code 1024}) in bytes, with binary multiples as docker stack deploy reads them. */
    long bytes() {
        return raw instanceof Number ? nonNegative() : Sizes.parse(raw instanceof String s ? s : null, path);
    }

    /** CPUs ({@code 0.5}, {@code "1.25"}) as NanoCPUs; like docker's ParseCPUs, finer than 1e-9 is an error. */
    long nanoCpus() {
        BigDecimal cpus;
        try {
            cpus = raw instanceof Double || raw instanceof Float ? BigDecimal.valueOf(((Number) raw).doubleValue())
                    : new BigDecimal(string().strip());
        } catch (NumberFormatException e) {
            throw error("expected a number of CPUs like 0.5, got " + quoted(), "write a decimal number like 0.5 or 2");
        }
        BigDecimal nanos = cpus.multiply(NANOS_PER_CPU);
        if (cpus.signum() < 0 || nanos.stripTrailingZeros().scale() > 0) {
            throw error("expected a number of CPUs like 0.5 (at most 9 decimals), got " + quoted(), "write a decimal number like 0.5");
        }
        return nanos.longValueExact();
    }

    /** A file mode: an int as YAML read it (0440 → 288), or a string read as octal when it starts with 0 or 0o. */
    long fileMode() {
        if (raw instanceof String s && s.strip().matches("0o?[0-7]+")) {
            return Long.parseLong(s.strip().replace("o", ""), 8);
        }
        return nonNegative();
    }

    List<ComposeValue> items() {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?> list)) {
            throw error("expected a list, got " + kind(), "write it as a YAML list");
        }
        List<ComposeValue> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(new ComposeValue(path + "[" + i + "]", list.get(i)));
        }
        return out;
    }

    Map<String, ComposeValue> entries() {
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            throw error("expected a mapping, got " + kind(), "write it as key: value lines");
        }
        Map<String, ComposeValue> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), new ComposeValue(path + "." + k, v)));
        return out;
    }

    /** A list of strings, or one string as a one-item list ({@code dns: 1.1.1.1}). */
    List<String> strings() {
        if (raw == null) {
            return List.of();
        }
        if (!(raw instanceof List<?>)) {
            return List.of(string());
        }
        return items().stream().map(ComposeValue::string).toList();
    }

    /**
     * A mapping of strings, also from the list form ({@code - KEY=value}); a null value stays null
     * ({@code KEY:} with no value in environment).
     */
    Map<String, String> stringMap() {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw instanceof List<?>) {
            for (ComposeValue item : items()) {
                String s = item.string();
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
            return out;
        }
        entries().forEach((k, v) -> out.put(k, v.present() ? v.string() : null));
        return out;
    }

    private String kind() {
        if (raw instanceof Map<?, ?>) {
            return "a mapping";
        }
        if (raw instanceof List<?>) {
            return "a list";
        }
        return raw == null ? "nothing" : quoted();
    }

    /** The offending value in quotes, cut short: these are settings (durations, sizes), never secret values. */
    private String quoted() {
        String s = String.valueOf(raw);
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
