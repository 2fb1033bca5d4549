package dev.zerofail.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The compose-specification merge rules for several files: mappings merge by key, sequences
 * append (ports, volumes, secrets and configs are unique by target), {@code command},
 * {@code entrypoint} and {@code healthcheck.test} replace, and {@code !reset} / {@code !override}
 * remove or replace what earlier files set.
 */
final class ComposeMerge {
    private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test");
    private static final Set<String> TOP_LEVEL_RESOURCES = Set.of("secrets", "configs", "networks", "volumes");

    /** Merges {@code override} into a copy of {@code base}; neither argument is changed. */
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        return merge(base, override, false);
    }

    /**
     * @param alternatives the files describe the same services for different environments, so a
     *                     port with the same target replaces the earlier one instead of adding a second
     */
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override, boolean alternatives) {
        Map<String, Object> out = YamlTree.deepCopy(base);
        new ComposeMerge(alternatives).mergeInto(out, override, "");
        return out;
    }

    private final boolean alternatives;

    private ComposeMerge(boolean alternatives) {
        this.alternatives = alternatives;
    }

    @SuppressWarnings("unchecked")
    private void mergeInto(Map<String, Object> out, Map<String, Object> override, String parent) {
        for (Map.Entry<String, Object> e : override.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (value == YamlTree.Reset.RESET) {
                out.remove(key);
                continue;
            }
            if (value instanceof YamlTree.Override o) {
                out.put(key, YamlTree.deepCopy(stripMarkers(o.value())));
                continue;
            }
            Object current = out.get(key);
            // alternative files each define a resource fully: a secret that became external is no longer a file
            boolean wholeResource = alternatives && TOP_LEVEL_RESOURCES.contains(parent);
            if (current instanceof Map && value instanceof Map && !wholeResource && !isLogging(key,
                    (Map<String, Object>) current, (Map<String, Object>) value)) {
                mergeInto((Map<String, Object>) current, (Map<String, Object>) value, parent.isEmpty() ? key
                        : parent + "." + key);
            } else if (current instanceof List && value instanceof List && !REPLACED.contains(key)) {
                out.put(key, mergeLists(key, (List<Object>) current, (List<Object>) value));
            } else {
                out.put(key, YamlTree.deepCopy(stripMarkers(value)));
            }
        }
    }

    /** A logging block with another driver replaces the options too. */
    private static boolean isLogging(String key, Map<String, Object> current, Map<String, Object> value) {
        return key.equals("logging") && value.containsKey("driver")
                && !Objects.equals(current.get("driver"), value.get("driver"));
    }

    private List<Object> mergeLists(String key, List<Object> base, List<Object> more) {
        List<Object> out = new ArrayList<>(YamlTree.deepCopy(base));
        for (Object item : more) {
            Object k = identity(key, item);
            int existing = -1;
            for (int i = 0; i < out.size(); i++) {
                if (Objects.equals(identity(key, out.get(i)), k)) {
                    existing = i;
                    break;
                }
            }
            Object copy = YamlTree.deepCopy(stripMarkers(item));
            if (existing >= 0) {
                out.set(existing, copy);
            } else {
                out.add(copy);
            }
        }
        return out;
    }

    /** What makes two list entries "the same" entry, so the later one replaces the earlier. */
    @SuppressWarnings("unchecked")
    Object identity(String key, Object item) {
        if (!(item instanceof Map)) {
            return item;
        }
        Map<String, Object> m = (Map<String, Object>) item;
        return switch (key) {
            case "ports" -> alternatives
                    ? List.of(String.valueOf(m.get("target")), String.valueOf(m.getOrDefault("protocol", "tcp")))
                    : List.of(String.valueOf(m.get("host_ip")), String.valueOf(m.get("target")),
                            String.valueOf(m.get("published")), String.valueOf(m.getOrDefault("protocol", "tcp")));
            case "volumes" -> m.get("target");
            case "secrets", "configs" -> m.get("target") != null ? m.get("target") : m.get("source");
            default -> item;
        };
    }

    /** Markers inside a value that has nothing to merge with mean nothing: drop resets, unwrap overrides. */
    @SuppressWarnings("unchecked")
    static Object stripMarkers(Object value) {
        if (value instanceof YamlTree.Override o) {
            return stripMarkers(o.value());
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, v) -> {
                if (v != YamlTree.Reset.RESET) {
                    out.put(k, stripMarkers(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object v : l) {
                if (v != YamlTree.Reset.RESET) {
                    out.add(stripMarkers(v));
                }
            }
            return out;
        }
        return value;
    }
}
