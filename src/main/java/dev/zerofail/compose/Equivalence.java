package dev.zerofail.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a unified model defines every service as the merged input did. The unified file may
 * add what unify adds on purpose (an image for a built service, rollout and restart settings
 * under {@code deploy}); {@code depends_on} is compared by service names, since docker stack
 * deploy accepts only the list form; version 2 keys that version 3 cannot hold may be gone (their
 * limits live on under {@code deploy.resources}). Scalars compare by text, so {@code 2} equals {@code "2"}.
 */
public final class Equivalence {
    private static final Set<String> ADDED_SERVICE_KEYS = Set.of("image", "deploy");
    private static final dev.zerofail.scan.SecretKeys SECRET_KEYS = dev.zerofail.scan.RuleSet.builtin().secretKeys();

    private Equivalence() {
    }

    public static List<String> differences(Map<String, Object> expected, Map<String, Object> actual) {
        List<String> diffs = new ArrayList<>();
        Map<String, Object> in = sectionOf(expected, "services");
        Map<String, Object> out = sectionOf(actual, "services");
        for (String name : in.keySet()) {
            if (!out.containsKey(name)) {
                diffs.add("service " + name + " is missing");
                continue;
            }
            Map<String, Object> a = YamlTree.deepCopy(ComposeMaps.asMap(in.get(name)));
            Unifier.stackSafe(a);
            Map<String, Object> b = ComposeMaps.asMap(out.get(name));
            for (Map.Entry<String, Object> e : a.entrySet()) {
                String key = e.getKey();
                Object other = b.get(key);
                boolean same = switch (key) {
                    case "depends_on" -> names(e.getValue()).equals(names(other));
                    case "image" -> equal(tagged(e.getValue()), tagged(other));
                    case "deploy" -> contains(other, e.getValue());
                    default -> equal(e.getValue(), other);
                };
                if (!same && !(other == null && (Unifier.V2_ONLY.contains(key) || Unifier.STACK_REFUSED.contains(key)))) {
                    if (key.equals("depends_on")) {
                        diffs.add(name + ".depends_on: input " + names(e.getValue()) + ", unified " + names(other));
                    } else {
                        describe(name + "." + key, e.getValue(), other, key.equals("deploy"), diffs);
                    }
                }
            }
            for (String key : b.keySet()) {
                if (!a.containsKey(key) && !ADDED_SERVICE_KEYS.contains(key)) {
                    diffs.add(name + "." + key + ": input (absent), unified " + show(name + "." + key, b.get(key)));
                }
            }
        }
        for (String name : out.keySet()) {
            if (!in.containsKey(name)) {
                diffs.add("service " + name + " was added");
            }
        }
        for (String section : List.of("networks", "volumes", "secrets", "configs")) {
            Map<String, Object> x = sectionOf(expected, section);
            Map<String, Object> y = sectionOf(actual, section);
            if (!equal(x, y)) {
                describe(section, x, y, false, diffs);
            }
        }
        return diffs;
    }

    /**
     * Where two values differ, down to the leaf: {@code web.ports[0].published: input 80, unified 8080}.
     * Values under a secret-looking name or an environment variable are masked, so the message can be printed.
     * With {@code partial}, keys the unified side adds are allowed (unify adds deploy settings).
     */
    private static void describe(String path, Object a, Object b, boolean partial, List<String> diffs) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            for (Map.Entry<?, ?> e : x.entrySet()) {
                String p = path + "." + e.getKey();
                if (!y.containsKey(e.getKey())) {
                    diffs.add(p + ": input " + show(p, e.getValue()) + ", unified (absent)");
                } else if (!(partial ? contains(y.get(e.getKey()), e.getValue()) : equal(e.getValue(), y.get(e.getKey())))) {
                    describe(p, e.getValue(), y.get(e.getKey()), partial, diffs);
                }
            }
            if (!partial) {
                for (Map.Entry<?, ?> e : y.entrySet()) {
                    if (!x.containsKey(e.getKey())) {
                        String p = path + "." + e.getKey();
                        diffs.add(p + ": input (absent), unified " + show(p, e.getValue()));
                    }
                }
            }
            return;
        }
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    describe(path + "[" + i + "]", x.get(i), y.get(i), partial, diffs);
                }
            }
            return;
        }
        diffs.add(path + ": input " + show(path, a) + ", unified " + show(path, b));
    }

    /** A value for a message: JSON-like text, masked under a secret-looking name or an environment variable. */
    static String show(String path, Object v) {
        if (v == null) {
            return "(absent)";
        }
        if (v instanceof Map<?, ?> m) {
            List<String> parts = new ArrayList<>();
            m.forEach((k, x) -> parts.add(k + ": " + show(path + "." + k, x)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                parts.add(show(path + "[" + i + "]", l.get(i)));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        String text = text(v);
        return sensitive(path) ? dev.zerofail.core.Masking.mask(text) : "'" + text + "'";
    }

    /** Environment values and build args may hold credentials under any name; other keys by the scanner's vocabulary. */
    private static boolean sensitive(String path) {
        String[] parts = path.replaceAll("\\[\\d+]", "").split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (SECRET_KEYS.isSecretKey(parts[i]) || i > 0 && (parts[i - 1].equals("environment")
                    || parts[i - 1].equals("args"))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Object> sectionOf(Map<String, Object> model, String key) {
        Map<String, Object> m = ComposeMaps.asMap(model.get(key));
        return m == null ? Map.of() : m;
    }

    /** An image without tag or digest is the same image as its :latest (unify parameterises the tag). */
    static Object tagged(Object image) {
        if (image instanceof String s && !s.isEmpty() && !s.contains("$")) {
            ImageRef ref = ImageRef.parse(s);
            if (ref.tag() == null && ref.digest() == null) {
                return s + ":latest";
            }
        }
        return image;
    }

    private static Set<String> names(Object dependsOn) {
        if (dependsOn instanceof Map<?, ?> m) {
            return new java.util.TreeSet<>(m.keySet().stream().map(String::valueOf).toList());
        }
        if (dependsOn instanceof List<?> l) {
            return new java.util.TreeSet<>(l.stream().map(String::valueOf).toList());
        }
        return Set.of();
    }

    /** Every entry of {@code part} is in {@code whole} with an equal value (maps recursively). */
    private static boolean contains(Object whole, Object part) {
        if (part instanceof Map<?, ?> p) {
            if (!(whole instanceof Map<?, ?> w)) {
                return false;
            }
            return p.entrySet().stream().allMatch(e -> w.containsKey(e.getKey()) && contains(w.get(e.getKey()),
                    e.getValue()));
        }
        return equal(whole, part);
    }

    static boolean equal(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return x.size() == y.size() && x.entrySet().stream().allMatch(e -> y.containsKey(e.getKey())
                    && equal(e.getValue(), y.get(e.getKey())));
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Map || a instanceof List || b instanceof Map || b instanceof List) {
            return false;
        }
        return Objects.equals(text(a), text(b));
    }

    private static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d)) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(v);
    }
}
