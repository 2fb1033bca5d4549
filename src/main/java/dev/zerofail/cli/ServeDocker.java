package dev.zerofail.cli;

import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.core.DotEnv;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.deploy.Swarm;
import dev.zerofail.deploy.SwarmTarget;
import dev.zerofail.swarm.DockerEngine;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * serve's Docker clients for status: one per daemon (an environment's docker_host, else DOCKER_HOST),
 * built on first use and kept until serve stops. A client is only configuration until it sends a
 * request, so a daemon that is down at start is reached once it is up.
 */
final class ServeDocker implements AutoCloseable {
    private final boolean insecure;
    private final Map<String, DockerEngine> engines = new ConcurrentHashMap<>();
    private final Map<DockerEngine, Swarm> targets = new ConcurrentHashMap<>();

    ServeDocker(boolean insecure) {
        this.insecure = insecure;
    }

    Swarm target(DeployConfig.Environment env) {
        Map<String, String> dockerEnv = new HashMap<>(System.getenv());
        if (env.dockerHost() != null) {
            dockerEnv.put("DOCKER_HOST", env.dockerHost());
        }
        String key = env.dockerHost() == null ? "" : env.dockerHost();
        DockerEngine engine = engines.computeIfAbsent(key,
                k -> DockerEngine.connect(dockerEnv, Path.of(System.getProperty("user.home")), insecure));
        return targets.computeIfAbsent(engine, SwarmTarget::new);
    }

    /** The environment's compose model, interpolated as deploy does: its env-file, then the process environment. */
    static Map<String, Object> compose(DeployConfig.Environment env) {
        Map<String, String> vars = new HashMap<>();
        if (env.envFile() != null) {
            vars.putAll(DotEnv.read(env.envFile()));
        }
        vars.putAll(System.getenv());
        return ComposeLoader.load(env.compose(), vars).model();
    }

    @Override
    public void close() {
        engines.values().forEach(DockerEngine::close);
    }
}
