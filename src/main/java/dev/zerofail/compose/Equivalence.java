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
            Map<String, Object> a = ComposeMaps.asMap(in.get(name));
            Map<String, Object> b = ComposeMaps.asMap(out.get(name));
            for (Map.Entry<String, Object> e : a.entrySet()) {
                String key = e.getKey();
                Object other = b.get(key);
                boolean same = switch (key) {
                    case "depends_on" -> names(e.getValue()).equals(names(other));
                    case "deploy" -> contains(other, e.getValue());
                    default -> equal(e.getValue(), other);
                };
                if (!same && !(other == null && Unifier.V2_ONLY.contains(key))) {
                    diffs.add(name + "." + key + " differs");
                }
            }
            for (String key : b.keySet()) {
                if (!a.containsKey(key) && !ADDED_SERVICE_KEYS.contains(key)) {
                    diffs.add(name + "." + key + " was added");
                }
            }
        }
        for (String name : out.keySet()) {
            if (!in.containsKey(name)) {
                diffs.add("service " + name + " was added");
            }
        }
        for (String section : List.of("networks", "volumes", "secrets", "configs")) {
            if (!equal(sectionOf(expected, section), sectionOf(actual, section))) {
                diffs.add("top-level " + section + " differ");
            }
        }
        return diffs;
    }

    private static Map<String, Object> sectionOf(Map<String, Object> model, String key) {
        Map<String, Object> m = ComposeMaps.asMap(model.get(key));
        return m == null ? Map.of() : m;
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
