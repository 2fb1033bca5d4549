package dev.zerofail.secrets;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zerofail.core.Result;
import java.util.List;

/**
 * The result of {@code zerofail secrets sync} (docs/schemas/secrets-sync.schema.json): the plan,
 * one item per secret (and per stored secret the manifest lacks), and what was done about it.
 *
 * @param source     where the values were read from ({@code env}, {@code dotenv:FILE}, {@code esc}, …)
 * @param store      the store asked for ({@code --to})
 * @param target     that store as opened (its location)
 * @param written    whether the store was changed
 * @param hasChanges whether applying the plan changes the store (what a dry run would write)
 * @param failing    required secrets that failed validation: nothing is written because of them,
 *                   unless {@code allowPartial}
 */
@JsonPropertyOrder({"source", "store", "target", "environment", "dryRun", "allowPartial", "prune", "written", "hasChanges",
    "added", "changed", "unchanged", "unknown", "removed", "skipped", "failing", "plan"})
public record SyncResult(String source, String store, String target, String environment, boolean dryRun, boolean allowPartial,
        boolean prune, boolean written, boolean hasChanges, long added, long changed, long unchanged, long unknown, long removed,
        long skipped, List<String> failing, List<Sync.Item> plan) implements Result {
    public SyncResult {
        failing = List.copyOf(failing);
        plan = List.copyOf(plan);
    }

    public static SyncResult of(Sync.Result r, String source, String store, Sync.Options options) {
        return new SyncResult(source, store, r.store(), options.environment(), options.dryRun(), options.allowPartial(),
                options.prune(), r.written() && r.hasWrites(), r.hasWrites(), r.count(Sync.Change.ADDED),
                r.count(Sync.Change.CHANGED), r.count(Sync.Change.UNCHANGED), r.count(Sync.Change.UNKNOWN),
                r.count(Sync.Change.REMOVED), r.count(Sync.Change.SKIPPED),
                r.blocking().stream().map(v -> v.spec().name()).toList(), r.items());
    }
}
