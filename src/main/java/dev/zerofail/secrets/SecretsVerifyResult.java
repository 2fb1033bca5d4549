package dev.zerofail.secrets;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerofail.core.Result;
import java.util.List;

/**
 * The result of {@code zerofail secrets verify} (docs/schemas/secrets-verify.schema.json): every
 * secret of the manifest with its verdict, the passing ones too.
 *
 * @param store         the store asked for ({@code --target})
 * @param target        that store as opened (its location)
 * @param valuesChecked false for stores that return no values (GitHub, Swarm): only presence was checked
 * @param secrets       secrets in the manifest
 * @param ok            of them, in place
 * @param failing       of them, required and missing, a placeholder or malformed
 */
@JsonPropertyOrder({"store", "target", "environment", "valuesChecked", "secrets", "ok", "failing", "verdicts"})
public record SecretsVerifyResult(String store, String target, String environment, boolean valuesChecked, int secrets, long ok,
        long failing, List<SecretVerdict> verdicts) implements Result {
    public SecretsVerifyResult {
        verdicts = List.copyOf(verdicts);
    }

    /** {@code ok} in place; {@code fail} required and not usable (exit 1); {@code warn} not usable, but not required here. */
    public enum Outcome { OK, FAIL, WARN }

    /**
     * One secret: its {@link Verdict.Status}, whether {@code environment} requires it, the reason in
     * words, the fingerprint of the stored value (never the value), and where the manifest lists it.
     */
    @JsonPropertyOrder({"name", "outcome", "status", "required", "reason", "fingerprint", "where"})
    public record SecretVerdict(String name, Outcome outcome, Verdict.Status status, boolean required, String reason,
            String fingerprint, String where) {
    }

    public static SecretsVerifyResult of(Verify.Result r, String store) {
        String env = r.environment();
        List<SecretVerdict> verdicts = r.verdicts().stream().map(v -> new SecretVerdict(v.spec().name(),
                v.ok() ? Outcome.OK : v.blocking(env) ? Outcome.FAIL : Outcome.WARN, v.status(), v.spec().requiredIn(env),
                v.reason(), v.fingerprint(), v.spec().where())).toList();
        return new SecretsVerifyResult(store, r.store(), env, r.valuesChecked(), verdicts.size(),
                r.verdicts().stream().filter(Verdict::ok).count(), r.blocking().size(), verdicts);
    }
}
