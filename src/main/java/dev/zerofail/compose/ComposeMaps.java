package dev.zerofail.compose;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Small helpers over the canonical model's plain maps and lists. */
final class ComposeMaps {
    private ComposeMaps() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** The mapping under {@code key}, created when absent. */
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Map<String, Object> m = asMap(parent.get(key));
        if (m == null) {
            m = new LinkedHashMap<>();
            parent.put(key, m);
        }
        return m;
    }

    /** The value at a dotted path such as {@code deploy.replicas}, or null. */
    static Object path(Map<String, Object> root, String dotted) {
        Object cur = root;
        for (String part : dotted.split("\\.")) {
            Map<String, Object> m = asMap(cur);
            if (m == null) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }

    /** The entries of {@code m} whose keys are in {@code keys} (null when m is null). */
    static Map<String, Object> subset(Map<String, Object> m, Collection<String> keys) {
        if (m == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (keys.contains(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    static boolean containsAll(Map<String, Object> m, Map<String, Object> entries) {
        return entries.entrySet().stream().allMatch(e -> m.containsKey(e.getKey())
                && java.util.Objects.equals(m.get(e.getKey()), e.getValue()));
    }

    /**
     * The value of {@code key} (a dotted path) in each file that sets it for the service, by file
     * label in file order, when at least two of them differ; otherwise an empty map.
     */
    static Map<String, Object> conflicting(String service, String key, List<ComposeFile> files) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ComposeFile f : files) {
            Map<String, Object> def = asMap(f.services().get(service));
            Object v = def == null ? null : path(def, key);
            if (v != null) {
                values.put(f.label(), v);
            }
        }
        return new java.util.HashSet<>(values.values()).size() < 2 ? Map.of() : values;
    }

    /** {@code file: value; file: value} for a report. */
    static String describeAll(String key, Map<String, Object> valuesByFile) {
        List<String> shown = new ArrayList<>();
        valuesByFile.forEach((file, v) -> shown.add(file + ": " + describe(key, v)));
        return String.join("; ", shown);
    }

    /** A short text of a value for reports: ports as HOST:TARGET, secrets by name. */
    static String describe(String key, Object v) {
        if (key.equals("ports") && v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object p : l) {
                Map<String, Object> m = asMap(p);
                out.add(m.get("published") == null ? String.valueOf(m.get("target"))
                        : m.get("published") + ":" + m.get("target"));
            }
            return out.toString();
        }
        if ((key.equals("secrets") || key.equals("configs")) && v instanceof List<?> l) {
            return l.stream().map(s -> String.valueOf(asMap(s).get("source"))).toList().toString();
        }
        if (key.equals("healthcheck") && v instanceof Map<?, ?> m) {
            return "test " + m.get("test") + (m.get("interval") == null ? "" : ", every " + m.get("interval"));
        }
        return String.valueOf(v);
    }

    /** Applies {@code f} to every relative path (build contexts, env files, bind sources, secret and config files). */
    static void rewritePaths(Map<String, Object> model, Function<String, Object> f) {
        Function<Object, Object> g = v -> v instanceof String s && s.startsWith(".") && !s.contains("$") ? f.apply(s) : v;
        Map<String, Object> services = asMap(model.get("services"));
        if (services != null) {
            for (Object o : services.values()) {
                Map<String, Object> svc = asMap(o);
                Map<String, Object> build = asMap(svc.get("build"));
                if (build != null) {
                    build.computeIfPresent("context", (k, v) -> g.apply(v));
                    Map<String, Object> extra = asMap(build.get("additional_contexts"));
                    if (extra != null) {
                        extra.replaceAll((k, v) -> g.apply(v));
                    }
                }
                if (svc.get("env_file") instanceof List<?> l) {
                    svc.put("env_file", new ArrayList<>(l.stream().map(g).toList()));
                }
                if (svc.get("volumes") instanceof List<?> l) {
                    for (Object v : l) {
                        Map<String, Object> m = asMap(v);
                        if (m != null && "bind".equals(m.get("type"))) {
                            m.computeIfPresent("source", (k, src) -> g.apply(src));
                        }
                    }
                }
            }
        }
        for (String section : List.of("secrets", "configs")) {
            Map<String, Object> defs = asMap(model.get(section));
            if (defs != null) {
                for (Object d : defs.values()) {
                    Map<String, Object> m = asMap(d);
                    if (m != null) {
                        m.computeIfPresent("file", (k, v) -> g.apply(v));
                    }
                }
            }
        }
    }
}
