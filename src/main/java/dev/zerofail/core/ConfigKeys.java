package dev.zerofail.core;

import java.util.List;

/**
 * The keys a config reader accepts at one place of a YAML file: {@link ConfigNode#requireKeys(ConfigKeys)}
 * rejects any other. Declared as a static constant next to the code that reads them, these are the
 * registry that docs/configuration.md is checked against (ConfigReferenceTest), so the reference
 * cannot drift from the code.
 *
 * @param file the file they belong to: {@link ZerofailConfig#FILE_NAME}, or another (built-in rules, a manifest file)
 * @param path where they sit, written as the reference writes it: {@code ""} for the top level, {@code scan},
 *             {@code scan.rules[]} for each item of a list, {@code environments.ENV} for any key of a map
 * @param keys the accepted keys
 */
public record ConfigKeys(String file, String path, List<String> keys) {
    public ConfigKeys {
        keys = List.copyOf(keys);
    }

    /** Keys of zerofail.yaml at {@code path}. */
    public static ConfigKeys of(String path, String... keys) {
        return new ConfigKeys(ZerofailConfig.FILE_NAME, path, List.of(keys));
    }

    /** Keys of zerofail.yaml at {@code path}. */
    public static ConfigKeys of(String path, List<String> keys) {
        return new ConfigKeys(ZerofailConfig.FILE_NAME, path, keys);
    }

    /** Keys of another YAML file, which the zerofail.yaml reference does not cover. */
    public static ConfigKeys in(String file, String path, String... keys) {
        return new ConfigKeys(file, path, List.of(keys));
    }

    /** {@code path.key}, or the key itself at the top level. */
    public String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
