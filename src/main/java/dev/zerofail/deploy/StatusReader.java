package dev.zerofail.deploy;

import dev.zerofail.core.MonotonicClock;
import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code status} for a long-running process ({@code serve}): every read goes through the one history
 * store and the Swarm client of the environment's daemon that the caller opened once, instead of a
 * new connection pool and Docker client per request. Nothing is recovered or recorded: serve only reads.
 */
public final class StatusReader {
    private final Map<String, DeployConfig.Environment> environments;
    private final HistoryStore store;
    private final Function<DeployConfig.Environment, Swarm> targets;
    private final Function<DeployConfig.Environment, Map<String, Object>> compose;

    /**
     * {@code targets}: the Swarm of an environment (the caller keeps one per daemon); {@code compose}: the
     * environment's interpolated compose model, read per call so an edited file is seen without a restart.
     */
    public StatusReader(Map<String, DeployConfig.Environment> environments, HistoryStore store,
            Function<DeployConfig.Environment, Swarm> targets, Function<DeployConfig.Environment, Map<String, Object>> compose) {
        this.environments = Map.copyOf(environments);
        this.store = store;
        this.targets = targets;
        this.compose = compose;
    }

    public StatusResult read(String environment) {
        DeployConfig.Environment env = environments.get(environment);
        if (env == null) {
            throw ZerofailException.usage("--env " + environment, "no environment '" + environment + "' in zerofail.yaml",
                    "use one of " + environments.keySet().stream().sorted().toList());
        }
        DeployContext ctx = new DeployContext(env, compose.apply(env), env.compose().get(0).getParent(), List.of(), null, store,
                targets.apply(env), new MonotonicClock(), Sleeper.REAL, Progress.NONE);
        return new StatusResult(environment, new Inspector(ctx).status(), List.of());
    }
}
