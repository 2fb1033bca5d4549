package dev.zerofail.secrets;

import dev.zerofail.core.DotEnv;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where sync and run take values from: the process environment ({@code SECRET_OPENAI_API_KEY} is
 * OPENAI_API_KEY under prefix {@code SECRET_}), a dotenv file, or a store that returns values. The
 * result maps canonical names to values; a secret with no value is absent.
 */
public final class SecretValues {
    private SecretValues() {
    }

    /** Looks up {@code prefix + name}, then {@code prefix + env} (the runtime variable) for each secret. */
    public static Map<String, String> fromEnvironment(Map<String, String> environment, String prefix,
            Collection<SecretSpec> specs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SecretSpec s : specs) {
            String v = environment.get(prefix + s.name());
            if (v == null) {
                v = environment.get(prefix + s.env());
            }
            if (v != null) {
                out.put(s.name(), v);
            }
        }
        return out;
    }

    /** Keys are the canonical name or the runtime variable; a missing or unreadable file is a usage error. */
    public static Map<String, String> fromDotenv(Path file, Collection<SecretSpec> specs) {
        if (!Files.isRegularFile(file)) {
            throw ZerofailException.usage(file.toString(), Files.exists(file) ? "not a regular file" : "dotenv file not found",
                    "pass --from dotenv:FILE with an existing file, or set secrets.source.dotenv");
        }
        Map<String, String> all = DotEnv.read(file);
        Map<String, String> out = new LinkedHashMap<>();
        for (SecretSpec s : specs) {
            String v = all.containsKey(s.name()) ? all.get(s.name()) : all.get(s.env());
            if (v != null) {
                out.put(s.name(), v);
            }
        }
        return out;
    }

    /** Values a store returns (ESC, dotenv); stores that cannot return values are a usage error. */
    public static Map<String, String> fromStore(SecretStore store, Collection<SecretSpec> specs) {
        if (!store.readsValues()) {
            throw ZerofailException.usage(store.kind(), store.describe() + " cannot return secret values",
                    "read them from env, dotenv or esc instead");
        }
        Map<String, SecretStore.Stored> stored = store.read(specs.stream().map(s -> key(s, store.keyBy())).toList());
        Map<String, String> out = new LinkedHashMap<>();
        for (SecretSpec s : specs) {
            SecretStore.Stored st = stored.get(key(s, store.keyBy()));
            if (st != null && st.value() != null) {
                out.put(s.name(), st.value());
            }
        }
        return out;
    }

    static String key(SecretSpec spec, SecretStore.KeyBy by) {
        return switch (by) {
            case NAME -> spec.name();
            // a *_FILE variable holds a path at run time; the value itself is stored under the name
            case ENV -> spec.fileConvention() ? spec.name() : spec.env();
            case PATH -> spec.path() == null || spec.path().isBlank() ? spec.name() : spec.path();
        };
    }
}
