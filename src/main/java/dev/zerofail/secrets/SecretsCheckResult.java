package dev.zerofail.secrets;

import dev.zerofail.core.Result;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of {@code zerofail secrets check} (docs/schemas/secrets-check.schema.json).
 *
 * @param manifest     the manifest file, relative to the repository, or null when there is none
 * @param secrets      entries in the manifest
 * @param files        files read for references
 * @param references   references taken for secrets, per kind (workflow, compose-secret, code, …)
 * @param classified   how many references were taken for secrets and why, and why the others were not
 * @param unknown      secrets referenced but not in the manifest
 * @param unreferenced manifest entries nothing references
 * @param findings     findings reported (after .zerofailignore)
 */
public record SecretsCheckResult(String manifest, int secrets, int files, Map<String, Long> references,
        Classified classified, long unknown, long unreferenced, int findings) implements Result {
    public SecretsCheckResult {
        references = Collections.unmodifiableMap(new TreeMap<>(references));
    }

    /**
     * @param secretBecause    reason id → references taken for secrets for it (workflow-secret, secret-like-name, …)
     * @param notSecretBecause reason id → references not taken for secrets (ordinary-variable, github-provided, …)
     */
    public record Classified(long secrets, long notSecrets, Map<String, Long> secretBecause,
            Map<String, Long> notSecretBecause) {
        public Classified {
            secretBecause = Collections.unmodifiableMap(new TreeMap<>(secretBecause));
            notSecretBecause = Collections.unmodifiableMap(new TreeMap<>(notSecretBecause));
        }
    }
}
