package dev.zerofail.deploy;

import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ThisProcess;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.secrets.SecretSpec;
import dev.zerofail.secrets.SecretStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a deploy of one environment works with: the environment's settings, its compose model,
 * the manifest's secrets, the Swarm secret store (for the pre-flight secret gate; null when the
 * manifest is empty), the history store, the target, a clock and a sleeper (the engine never reads
 * the system clock or sleeps by itself, so tests run it on simulated time), and where progress goes.
 */
public record DeployContext(DeployConfig.Environment env, Map<String, Object> compose, Path projectDir,
        List<SecretSpec> manifest, SecretStore swarmSecrets, HistoryStore store, Swarm target, Clock clock,
        Sleeper sleeper, Progress progress) {
    public DeployContext {
        manifest = List.copyOf(manifest);
    }

    /** Waits between polls; an interrupt (Ctrl-C) ends the command as before. */
    void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching the rollout", e);
        }
    }

    /** The compose file's services in file order, or just {@code only} (which must be one of them). */
    @SuppressWarnings("unchecked")
    public List<String> services(String only) {
        Object s = compose.get("services");
        List<String> all = s instanceof Map<?, ?> m ? new ArrayList<>(((Map<String, Object>) m).keySet()) : List.of();
        if (only == null) {
            if (all.isEmpty()) {
                throw ZerofailException.usage(env.compose().toString(), "the compose file has no services", "add services:");
            }
            return all;
        }
        if (!all.contains(only)) {
            throw ZerofailException.usage("--service " + only, "no service '" + only + "' in " + env.compose(),
                    "use one of " + all);
        }
        return List.of(only);
    }

    /** The Swarm service name, as docker stack deploy names it. */
    public String serviceName(String service) {
        return env.stack() + "_" + service;
    }

    /** Which process runs a deployment, written into its first event so a later run can tell whether it died. */
    static String processTag() {
        return "pid " + ThisProcess.pid() + " on " + host();
    }

    static String owner(String actor, long deploymentId) {
        return actor + " (" + processTag() + ", deployment " + deploymentId + ")";
    }

    static String host() {
        return ThisProcess.host();
    }
}
