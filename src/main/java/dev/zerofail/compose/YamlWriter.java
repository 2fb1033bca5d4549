package dev.zerofail.compose;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the canonical model as block-style YAML that both YAML 1.1 (docker-compose 1.x,
 * PyYAML) and YAML 1.2 (docker, snakeyaml) read the same way: every string that either could
 * take for a number, a boolean, a null or a sexagesimal is quoted. Supports named anchors,
 * aliases and merge keys for the shared {@code x-} blocks.
 */
public final class YamlWriter {
    /** A mapping or list written with {@code &name}. */
    record Anchored(String name, Object value) {
    }

    /** {@code *name}. */
    record Alias(String name) {
    }

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./$][A-Za-z0-9 _./:${}@%+=,()*<>!?\\[\\]-]*");
    private static final Pattern NUMBERISH = Pattern.compile("[-+]?(\\.?[0-9][0-9_:.eExXoObB+-]*|\\.inf|\\.nan)",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null",
            "~", "");

    private final StringBuilder out = new StringBuilder();

    public static String write(List<String> headerComments, Map<String, Object> model) {
        YamlWriter w = new YamlWriter();
        for (String c : headerComments) {
            w.out.append(c.isEmpty() ? "#" : "# " + c).append('\n');
        }
        w.mapping(model, 0);
        return w.out.toString();
    }

    private void mapping(Map<?, ?> map, int indent) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            pad(indent);
            String key = String.valueOf(e.getKey());
            out.append(key.equals("<<") ? key : scalar(key)).append(':');
            value(e.getValue(), indent);
        }
    }

    /** Writes what follows "key:" or "- ": inline for scalars and empty collections, else on the next lines. */
    private void value(Object v, int indent) {
        String anchor = "";
        if (v instanceof Anchored a) {
            anchor = " &" + a.name();
            v = a.value();
        }
        if (v instanceof Alias a) {
            out.append(" *").append(a.name()).append('\n');
        } else if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            out.append(anchor).append('\n');
            mapping(m, indent + 2);
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            out.append(anchor).append('\n');
            for (Object item : l) {
                pad(indent + 2);
                out.append('-');
                if (item instanceof Map<?, ?> im && !im.isEmpty()) {
                    // first key on the dash line, the rest aligned under it
                    boolean first = true;
                    for (Map.Entry<?, ?> e : im.entrySet()) {
                        if (first) {
                            out.append(' ');
                            first = false;
                        } else {
                            pad(indent + 4);
                        }
                        out.append(scalar(String.valueOf(e.getKey()))).append(':');
                        value(e.getValue(), indent + 4);
                    }
                } else {
                    value(item, indent + 2);
                }
            }
        } else {
            out.append(anchor).append(' ').append(inline(v)).append('\n');
        }
    }

    private static String inline(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "{}";
        }
        if (v instanceof List) {
            return "[]";
        }
        if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
            return v.toString();
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && !d.isInfinite() ? String.valueOf(d.longValue()) + ".0" : d.toString();
        }
        return scalar(String.valueOf(v));
    }

    static String scalar(String s) {
        boolean plain = PLAIN.matcher(s).matches() && !s.endsWith(" ") && !s.endsWith(":") && !s.contains(": ")
                && !s.contains(" #") && !NUMBERISH.matcher(s).matches()
                && !RESERVED.contains(s.toLowerCase(Locale.ROOT));
        return plain ? s : quote(s);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private void pad(int n) {
        out.append(" ".repeat(n));
    }
}
