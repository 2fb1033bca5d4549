package dev.zerofail.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compose variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alt}},
 * {@code ${VAR+alt}}, nested defaults, and {@code $$} for a literal dollar.
 */
final class Interpolation {
    /** A {@code ${VAR:?message}} whose variable is unset; the caller adds the location. */
    static final class MissingVariable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String variable;
        final String message;

        MissingVariable(String variable, String message) {
            super(variable, null, false, false);
            this.variable = variable;
            this.message = message;
        }
    }

    /** A malformed expression such as {@code ${VAR} with no closing brace}. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String problem) {
            super(problem, null, false, false);
        }
    }

    private final Function<String, String> lookup;
    private final boolean keepUnknown;
    private final List<String> unset = new ArrayList<>();

    Interpolation(Function<String, String> lookup) {
        this(lookup, false);
    }

    /** @param keepUnknown a reference to a variable {@code lookup} does not know stays as written */
    Interpolation(Function<String, String> lookup, boolean keepUnknown) {
        this.lookup = lookup;
        this.keepUnknown = keepUnknown;
    }

    /** Variables that were referenced without a default and were not set (compose substitutes ""). */
    List<String> unset() {
        return List.copyOf(unset);
    }

    String apply(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char n = text.charAt(i + 1);
            if (n == '$') {
                out.append(keepUnknown ? "$$" : "$");
                i += 2;
            } else if (n == '{') {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    throw new Malformed("'${' without a closing '}'");
                }
                String expr = text.substring(i + 2, end);
                String name = name(expr);
                if (name.isEmpty() || !isNameStart(name.charAt(0))) {
                    throw new Malformed("'${" + expr + "}' is not a variable reference");
                }
                out.append(keepUnknown && lookup.apply(name) == null ? text.substring(i, end + 1)
                        : expression(expr));
                i = end + 1;
            } else if (isNameStart(n)) {
                int j = i + 1;
                while (j < text.length() && isNamePart(text.charAt(j))) {
                    j++;
                }
                String name = text.substring(i + 1, j);
                out.append(keepUnknown && lookup.apply(name) == null ? "$" + name : value(name, null));
                i = j;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Names of the variables a string refers to (for reports and parameter lists). */
    static List<String> references(String text) {
        List<String> names = new ArrayList<>();
        int i = 0;
        while ((i = text.indexOf('$', i)) >= 0 && i + 1 < text.length()) {
            char n = text.charAt(i + 1);
            if (n == '$') {
                i += 2;
            } else if (n == '{') {
                int j = i + 2;
                while (j < text.length() && isNamePart(text.charAt(j))) {
                    j++;
                }
                names.add(text.substring(i + 2, j));
                i = j;
            } else if (isNameStart(n)) {
                int j = i + 1;
                while (j < text.length() && isNamePart(text.charAt(j))) {
                    j++;
                }
                names.add(text.substring(i + 1, j));
                i = j;
            } else {
                i++;
            }
        }
        return names;
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String name(String expr) {
        int j = 0;
        while (j < expr.length() && isNamePart(expr.charAt(j))) {
            j++;
        }
        return expr.substring(0, j);
    }

    private String expression(String expr) {
        int j = 0;
        while (j < expr.length() && isNamePart(expr.charAt(j))) {
            j++;
        }
        String name = expr.substring(0, j);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            throw new Malformed("'${" + expr + "}' is not a variable reference");
        }
        if (j == expr.length()) {
            return value(name, null);
        }
        String rest = expr.substring(j);
        String current = lookup.apply(name);
        boolean colon = rest.startsWith(":");
        String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
        String arg = rest.substring(op.length());
        boolean unsetOrEmpty = current == null || colon && current.isEmpty();
        switch (op) {
            case ":-", "-":
                return unsetOrEmpty ? apply(arg) : current;
            case ":?", "?":
                if (unsetOrEmpty) {
                    throw new MissingVariable(name, apply(arg));
                }
                return current;
            case ":+", "+":
                return unsetOrEmpty ? "" : apply(arg);
            default:
                throw new Malformed("'${" + expr + "}' has an unknown operator; use :-, -, :?, ? , :+ or +");
        }
    }

    private String value(String name, String fallback) {
        String v = lookup.apply(name);
        if (v == null) {
            unset.add(name);
            return fallback == null ? "" : fallback;
        }
        return v;
    }

    static boolean isNameStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    static boolean isNamePart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    /** Interpolates every string (values, not keys) of a tree; errors carry the key path. */
    Object tree(Object value, String path, Map<String, Integer> lines, String file) {
        if (value instanceof String s) {
            try {
                return apply(s);
            } catch (MissingVariable e) {
                throw ComposeErrors.usage(ComposeErrors.where(file, lines, path), "required variable " + e.variable
                        + " is not set" + (e.message.isEmpty() ? "" : ": " + e.message),
                        "set " + e.variable + " in the environment or in the .env file");
            } catch (Malformed e) {
                throw ComposeErrors.usage(ComposeErrors.where(file, lines, path), "invalid interpolation: "
                        + e.getMessage(), "write $$ for a literal dollar sign");
            }
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = (String) e.getKey();
                out.put(key, key.startsWith("x-") && path.isEmpty() ? e.getValue()
                        : tree(e.getValue(), YamlTree.join(path, key), lines, file));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(tree(l.get(i), path + "[" + i + "]", lines, file));
            }
            return out;
        }
        if (value instanceof YamlTree.Override o) {
            return new YamlTree.Override(tree(o.value(), path, lines, file));
        }
        return value;
    }
}
