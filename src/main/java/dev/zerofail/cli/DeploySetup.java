package dev.zerofail.cli;

import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.core.DotEnv;
import dev.zerofail.core.Futures;
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
import java.util.concurrent.CompletableFuture;

/**
 * What deploy, rollback, verify and status share: zerofail.yaml, the environment, its compose model
 * (interpolated with the env-file, then the process environment), the manifest, the Docker
 * connection, the Swarm secret store and the history store.
 */
final class DeploySetup implements AutoCloseable {
    /** Reading the configuration, opening the store and connecting to Docker run beside each other on these. */
    private static final java.util.concurrent.Executor SETUP = Futures.daemonThreads("zerofail-setup");
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
        Map<String, String> dockerEnv = new HashMap<>(System.getenv());
        if (env.dockerHost() != null) {
            dockerEnv.put("DOCKER_HOST", env.dockerHost());
        }
        // Opening the history store (JDBC, pool, schema check) and building the Docker client load many
        // classes and touch the disk; they run beside reading the compose file and the manifest. Errors
        // are reported in the order they were before: the files, then Docker, then the database.
        // A SQLite file that does not exist yet is created only once the files were read without error.
        CompletableFuture<HistoryConfig> historyConfig = CompletableFuture.supplyAsync(
                () -> HistoryConfig.from(cfg.section("history")), SETUP);
        // thenApplyAsync: a plain thenApply runs on this thread when the config is read already (it often
        // is), and the store was then opened before the Docker client was even started
        CompletableFuture<HistoryStore> historyFuture = historyConfig.thenApplyAsync(
                h -> h.exists(root) ? h.open(root, System.getenv()) : null, SETUP);
        CompletableFuture<DockerEngine> dockerFuture = CompletableFuture.supplyAsync(
                () -> DockerEngine.connect(dockerEnv, Path.of(System.getProperty("user.home")), insecureDocker), SETUP);
        Map<String, Object> compose;
        Manifest manifest;
        DockerEngine docker;
        HistoryStore history;
        try {
            Map<String, String> vars = new HashMap<>();
            if (env.envFile() != null) {
                vars.putAll(DotEnv.read(env.envFile()));
            }
            vars.putAll(System.getenv());
            compose = ComposeLoader.load(env.compose(), vars).model();
            manifest = Manifest.load(cfg, root);
            docker = Futures.join(dockerFuture);
        } catch (RuntimeException e) {
            closeQuietly(historyFuture);
            closeQuietly(dockerFuture);
            throw e;
        }
        try {
            history = Futures.join(historyFuture);
            if (history == null) {
                history = Futures.join(historyConfig).open(root, System.getenv());
            }
        } catch (RuntimeException e) {
            docker.close();
            throw e;
        }
        Progress progress = quiet ? Progress.NONE : line -> {
            err.println(line);
            err.flush();
        };
        DockerEngine engineRef = docker;
        dev.zerofail.core.Fingerprints.preferShared(root, System.getenv(), () -> dev.zerofail.swarm.SwarmKeys.fingerprintKey(engineRef));
        SecretStore swarm = null;
        try {
            if (!manifest.secrets().isEmpty()) {
                StoresConfig stores = StoresConfig.from(cfg.section("secrets"), root);
                StoresConfig.Context real = StoresConfig.Context.real(System.getenv(), new Redactor());
                swarm = stores.open("swarm", "--env", environment, new StoresConfig.Context(real.env(), real.redactor(),
                        real.sleeper(), real.clock(), () -> engineRef));
            }
        } catch (RuntimeException e) {
            history.close();
            docker.close();
            throw e;
        }
        this.engine = docker;
        this.store = history;
        this.secrets = swarm;
        this.ctx = new DeployContext(env, compose, env.compose().get(0).getParent(), manifest.secrets(), swarm, history,
                new SwarmTarget(docker), new MonotonicClock(), Sleeper.REAL, progress);
    }

    /** Closes what a task opened once it is done, when setup fails for another reason. */
    private static void closeQuietly(CompletableFuture<? extends AutoCloseable> f) {
        f.thenAccept(c -> {
            try {
                c.close();
            } catch (Exception e) {
                // setup already failed; nothing to add
            }
        });
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
