package dev.zerofail.compose;

import java.util.Map;

/**
 * Names of a stack's objects as docker stack deploy gives them: {@code <stack>_<key>}, unless the
 * top-level entry sets {@code name:} (used as is) or is {@code external} (its key, or its name).
 */
record StackNames(String stack, Map<String, Object> project) {
    static final String NAMESPACE_LABEL = "com.docker.stack.namespace";

    String scope(String key) {
        return stack + "_" + key;
    }

    ComposeValue section(String section) {
        return ComposeValue.root(section, project.get(section));
    }

    ComposeValue definition(String section, String key) {
        return section(section).get(key);
    }

    boolean defined(String section, String key) {
        return project.get(section) instanceof Map<?, ?> m && m.containsKey(key);
    }

    /** The Swarm name of a top-level network/secret/config/volume that {@code ref} refers to; undefined is an error at ref. */
    String resolve(String section, String key, ComposeValue ref) {
        if (!defined(section, key)) {
            String kind = section.substring(0, section.length() - 1);
            throw ref.error("undefined " + kind + " '" + key + "'",
                    "declare it under the top-level " + section + ": key, or fix the reference");
        }
        return nameOf(section, key);
    }

    String nameOf(String section, String key) {
        ComposeValue def = definition(section, key);
        if (def.get("name").present()) {
            return def.get("name").string();
        }
        return external(section, key) ? key : scope(key);
    }

    boolean external(String section, String key) {
        ComposeValue ext = definition(section, key).get("external");
        // the old form external: {name: x} still counts as external
        return ext.raw() instanceof Map<?, ?> || ext.isTrue();
    }
}
