package dev.zerofail.secrets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a store back and judges every secret of the manifest. Stores that return values get the
 * full check (present, not a placeholder, well-formed); GitHub gives names only and Swarm names
 * and fingerprints, so there only presence is checked, and the result says so.
 */
public final class Verify {
    private Verify() {
    }

    public record Result(String store, boolean valuesChecked, List<Verdict> verdicts, String environment) {
        public Result {
            verdicts = List.copyOf(verdicts);
        }

        public List<Verdict> blocking() {
            return verdicts.stream().filter(v -> v.blocking(environment)).toList();
        }
    }

    public static Result run(List<SecretSpec> specs, SecretStore store, SecretValidator validator, String environment) {
        Map<String, SecretStore.Stored> stored = store.read(specs.stream().map(s -> SecretValues.key(s, store.keyBy())).toList());
        List<Verdict> verdicts = new ArrayList<>();
        for (SecretSpec s : specs) {
            SecretStore.Stored st = stored.get(SecretValues.key(s, store.keyBy()));
            if (store.readsValues()) {
                verdicts.add(validator.check(s, st == null ? null : st.value(), environment));
            } else if (st == null) {
                verdicts.add(validator.check(s, null, environment));
            } else {
                verdicts.add(new Verdict(s, Verdict.Status.OK, st.fingerprint() != null
                        ? "present; validated when zerofail synced it (" + store.kind() + " does not return values)"
                        : "present; " + store.kind() + " does not return values, so only its presence was checked",
                        null, st.fingerprint()));
            }
        }
        return new Result(store.describe(), store.readsValues(), verdicts, environment);
    }
}
