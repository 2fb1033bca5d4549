package dev.zerofail.cli;

import dev.zerofail.compose.ComposeLoader;
import dev.zerofail.core.DotEnv;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.deploy.DeployContext;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.Deployer;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.server.DeployEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's deploy engine: the same setup and Deployer as {@code zerofail deploy} and {@code zerofail
 * rollback}, recording to the store the server hands over (which holds the service's lock).
 */
final class ServeEngine implements DeployEngine {
    private final Path configFile;
    private final PrintWriter err;
    private final boolean insecureDocker;

    ServeEngine(Path configFile, PrintWriter err, boolean insecureDocker) {
        this.configFile = configFile;
        this.err = err;
        this.insecureDocker = insecureDocker;
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> services(String environment) {
        Path file = configFile == null ? null : configFile.toAbsolutePath().normalize();
        Path root = file == null ? Path.of("").toAbsolutePath() : file.getParent();
        ZerofailConfig cfg = ZerofailConfig.load(root, file);
        DeployConfig.Environment env = DeployConfig.from(cfg, root).environment(environment);
        Map<String, String> vars = new HashMap<>();
        if (env.envFile() != null) {
            vars.putAll(DotEnv.read(env.envFile()));
        }
        vars.putAll(System.getenv());
        Object services = ComposeLoader.load(env.compose(), vars).model().get("services");
        return services instanceof Map<?, ?> m ? new ArrayList<>(((Map<String, Object>) m).keySet()) : List.of();
    }

    @Override
    public DeployOutcome run(Action a, HistoryStore store) {
        // progress goes to the server's stderr, one line per event, like the CLI's
        try (DeploySetup setup = new DeploySetup(configFile, a.environment(), err, false, insecureDocker)) {
            DeployContext c = setup.ctx;
            Deployer deployer = new Deployer(new DeployContext(c.env(), c.compose(), c.projectDir(), c.manifest(),
                    c.swarmSecrets(), store, c.target(), c.clock(), c.sleeper(), c.progress()));
            Deployer.Request r = new Deployer.Request(a.service(), a.image(), a.tag(), Duration.ZERO, a.actor(), a.reason(),
                    a.emergency());
            return a.kind().equals("rollback") ? deployer.rollback(a.service(), a.to(), r) : deployer.deploy(r);
        }
    }
}
