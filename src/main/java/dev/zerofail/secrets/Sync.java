package dev.zerofail.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates every value, compares with what the store holds by fingerprint, and writes only the
 * difference. Nothing is written when a required secret is missing, a placeholder or malformed,
 * unless partial writes are allowed; then only valid values are written.
 */
public final class Sync {
    private Sync() {
    }

    public enum Change { ADDED, CHANGED, UNCHANGED, UNKNOWN, REMOVED, SKIPPED }

    /**
     * One line of the plan. {@code UNKNOWN}: present in a store that cannot show values (GitHub),
     * so written again; {@code REMOVED}: in the store, not in the manifest; {@code SKIPPED}: no
     * valid value to write ({@code reason} says why).
     */
    public record Item(String name, String key, Change change, String oldFingerprint,
            @JsonProperty("fingerprint") String newFingerprint, String reason) {
    }

    public record Options(String environment, boolean dryRun, boolean allowPartial, boolean prune) {
    }

    /** The plan, the verdicts behind it, and whether it was written. */
    public record Result(String store, List<Item> items, List<Verdict> verdicts, List<Verdict> blocking, boolean written,
            boolean pruned) {
        public Result {
            items = List.copyOf(items);
            verdicts = List.copyOf(verdicts);
            blocking = List.copyOf(blocking);
        }

        public long count(Change c) {
            return items.stream().filter(i -> i.change() == c).count();
        }

        /** Whether applying the plan changes anything in the store. */
        public boolean hasWrites() {
            return items.stream().anyMatch(i -> i.change() == Change.ADDED || i.change() == Change.CHANGED
                    || i.change() == Change.UNKNOWN || (pruned && i.change() == Change.REMOVED));
        }
    }

    public static Result run(List<SecretSpec> specs, Map<String, String> values, SecretStore store, SecretValidator validator,
            Options options, SecretStore.Progress progress) {
        List<Verdict> verdicts = new ArrayList<>();
        for (SecretSpec s : specs) {
            verdicts.add(validator.check(s, values.get(s.name()), options.environment()));
        }
        List<Verdict> blocking = verdicts.stream().filter(v -> v.blocking(options.environment())).toList();

        progress.line("reading " + store.describe());
        List<String> keys = specs.stream().map(s -> SecretValues.key(s, store.keyBy())).toList();
        Map<String, SecretStore.Stored> stored = store.read(keys);

        List<Item> items = new ArrayList<>();
        Map<String, String> set = new LinkedHashMap<>();
        for (Verdict v : verdicts) {
            SecretSpec s = v.spec();
            String key = SecretValues.key(s, store.keyBy());
            SecretStore.Stored st = stored.get(key);
            String oldFp = st == null ? null : st.value() != null ? SecretStore.fingerprint(s.name(), st.value())
                    : st.fingerprint();
            if (!v.ok()) {
                items.add(new Item(s.name(), key, Change.SKIPPED, oldFp, v.fingerprint(), v.reason()));
                continue;
            }
            Change change = st == null ? Change.ADDED : oldFp == null ? Change.UNKNOWN
                    : oldFp.equals(v.fingerprint()) ? Change.UNCHANGED : Change.CHANGED;
            items.add(new Item(s.name(), key, change, oldFp, v.fingerprint(),
                    change == Change.UNKNOWN ? store.kind() + " cannot show the stored value, so it is written again" : null));
            if (change != Change.UNCHANGED) {
                set.put(key, values.get(s.name()));
            }
        }
        Set<String> known = new HashSet<>(keys);
        Set<String> delete = new java.util.LinkedHashSet<>();
        for (SecretStore.Stored st : stored.values()) {
            if (!known.contains(st.key())) {
                items.add(new Item(st.key(), st.key(), Change.REMOVED, st.value() != null
                        ? SecretStore.fingerprint(st.key(), st.value()) : st.fingerprint(), null,
                        options.prune() ? "not in the manifest" : "not in the manifest; kept (--prune removes it)"));
                delete.add(st.key());
            }
        }
        boolean refused = !blocking.isEmpty() && !options.allowPartial();
        boolean write = !options.dryRun() && !refused;
        if (write && (!set.isEmpty() || (options.prune() && !delete.isEmpty()))) {
            store.write(set, options.prune() ? delete : Set.of(), progress);
        }
        return new Result(store.describe(), items, verdicts, blocking, write, options.prune());
    }
}
