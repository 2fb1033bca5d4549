package dev.zerofail.secrets;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One secret of the manifest. It describes where a secret lives and what it must look like; it
 * never holds a value.
 *
 * @param name        canonical name, the CI secret name ({@code OPENAI_API_KEY})
 * @param path        store path, e.g. {@code acme.ai.openai_api_key} (for ESC: under {@code values})
 * @param env         runtime variable name (defaults to {@code name})
 * @param category    grouping for people, e.g. {@code ai}, {@code database} (default {@code general})
 * @param description what it is for, or empty
 * @param requiredIn  environments where it is required; {@code ["*"]} everywhere; empty = optional
 * @param sensitive   whether the value is secret (default true); non-sensitive entries are config
 * @param format      a named format ({@link Formats}) or null
 * @param pattern     a regex the value must contain a match of, or null
 * @param services    services that use it; empty = not tied to a service
 * @param where       {@code zerofail.yaml:42 secrets.manifest[3]}, for messages
 */
public record SecretSpec(String name, String path, String env, String category, String description,
        List<String> requiredIn, boolean sensitive, String format, Pattern pattern, List<String> services,
        String where) {

    public static final String EVERYWHERE = "*";

    public SecretSpec {
        requiredIn = List.copyOf(requiredIn);
        services = List.copyOf(services);
        if (env == null) {
            env = name;
        }
        if (category == null) {
            category = "general";
        }
        if (description == null) {
            description = "";
        }
    }

    /** Whether the secret must be set in {@code environment}; null means "in some environment". */
    public boolean requiredIn(String environment) {
        if (requiredIn.isEmpty()) {
            return false;
        }
        return environment == null || requiredIn.contains(EVERYWHERE) || requiredIn.contains(environment);
    }

    /** The runtime variable ends in {@code _FILE}: the value is delivered as a file and the variable holds its path. */
    public boolean fileConvention() {
        return env.endsWith("_FILE");
    }

    /** Whether this secret is used by one of {@code names}; a secret tied to no service is used by all. */
    public boolean usedByAny(java.util.Collection<String> names) {
        return services.isEmpty() || services.stream().anyMatch(names::contains);
    }
}
