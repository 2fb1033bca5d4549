package dev.zerofail.compose;

import dev.zerofail.core.Result;
import java.util.List;

/**
 * The decision report of {@code zerofail compose unify} (docs/schemas/compose-unify.schema.json):
 * every choice as fields — keys removed, renamed, rewritten, replaced by variables, conflicts and
 * which file won — and the parameters the unified file introduces.
 *
 * @param sources    the input files, in the order they were merged (later wins)
 * @param services   the services of the unified file
 * @param decisions  every choice unify made
 * @param parameters the variables the unified file introduces, with their defaults
 * @param output     the file written, or null with --dry-run
 * @param dryRun     true when nothing was written
 */
public record UnifyResult(List<String> sources, List<String> services, List<Unifier.Decision> decisions,
        List<Unifier.Parameter> parameters, String output, boolean dryRun) implements Result {
    public UnifyResult {
        sources = List.copyOf(sources);
        services = List.copyOf(services);
        decisions = List.copyOf(decisions);
        parameters = List.copyOf(parameters);
    }

    public static UnifyResult of(Unifier.Result r, java.nio.file.Path written) {
        return new UnifyResult(r.sources(), r.services(), r.decisions(), r.parameters(),
                written == null ? null : written.toString(), written == null);
    }
}
