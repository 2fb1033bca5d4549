package dev.zerofail.cli;

import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.core.DotEnv;
import dev.zerofail.core.MonotonicClock;
import dev.zerofail.core.Sleeper;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.deploy.DeployContext;
import dev.zerofail.deploy.Progress;
import dev.zerofail.deploy.SwarmTarget;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.secrets.Manifest;
import dev.zerofail.secrets.Redactor;
import dev.zerofail.secrets.SecretStore;
import dev.zerofail.secrets.StoresConfig;
import dev.zerofail.swarm.DockerEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What deploy, rollback, verify and status share: zerofail.yaml, the environment, its compose model
 * (interpolated with the env-file, then the process environment), the manifest, the Docker
 * connection, the Swarm secret store and the history store.
 */
final class DeploySetup implements AutoCloseable {
    final Path root;
    final DeployContext ctx;
    private final DockerEngine engine;
    private final HistoryStore store;
    private final SecretStore secrets;

    DeploySetup(Path config, String environment, PrintWriter err, boolean quiet, boolean insecureDocker) {
        Path file = config == null ? null : config.toAbsolutePath().normalize();
        this.root = file == null ? Path.of("").toAbsolutePath() : file.getParent();
        ZerofailConfig cfg = ZerofailConfig.load(root, file);
        // spec fingerprints (the noop check against the service label) and secret fingerprints
        dev.zerofail.core.Fingerprints.useRepository(root, System.getenv());
        DeployConfig.Environment env = DeployConfig.from(cfg, root).environment(environment);
        Map<String, String> vars = new HashMap<>();
        if (env.envFile() != null) {
            vars.putAll(DotEnv.read(env.envFile()));
        }
        vars.putAll(System.getenv());
        Map<String, Object> compose = ComposeLoader.load(env.compose(), vars).model();
        Manifest manifest = Manifest.load(cfg, root);
        Map<String, String> dockerEnv = new HashMap<>(System.getenv());
        if (env.dockerHost() != null) {
            dockerEnv.put("DOCKER_HOST", env.dockerHost());
        }
        Progress progress = quiet ? Progress.NONE : line -> {
            err.println(line);
            err.flush();
        };
        DockerEngine docker = DockerEngine.connect(dockerEnv, Path.of(System.getProperty("user.home")), insecureDocker);
        dev.zerofail.core.Fingerprints.preferShared(root, System.getenv(), () -> dev.zerofail.swarm.SwarmKeys.fingerprintKey(docker));
        HistoryStore history = null;
        SecretStore swarm = null;
        try {
            history = HistoryConfig.from(cfg.section("history")).open(root, System.getenv());
            if (!manifest.secrets().isEmpty()) {
                StoresConfig stores = StoresConfig.from(cfg.section("secrets"), root);
                StoresConfig.Context real = StoresConfig.Context.real(System.getenv(), new Redactor());
                swarm = stores.open("swarm", "--env", environment, new StoresConfig.Context(real.env(), real.redactor(),
                        real.sleeper(), real.clock(), () -> docker));
            }
        } catch (RuntimeException e) {
            if (history != null) {
                history.close();
            }
            docker.close();
            throw e;
        }
        this.engine = docker;
        this.store = history;
        this.secrets = swarm;
        this.ctx = new DeployContext(env, compose, env.compose().get(0).getParent(), manifest.secrets(), swarm, history,
                new SwarmTarget(docker), new MonotonicClock(), Sleeper.REAL, progress);
    }

    /** {@code --actor}, else the CI's ({@code GITHUB_ACTOR}), else the OS user. */
    static String actor(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        String ci = System.getenv("GITHUB_ACTOR");
        return ci != null && !ci.isBlank() ? ci : System.getProperty("user.name", "unknown");
    }

    @Override
    public void close() {
        if (secrets != null) {
            try {
                secrets.close();
            } catch (Exception e) {
                // closing a client; nothing to act on
            }
        }
        store.close();
        engine.close();
    }
}
