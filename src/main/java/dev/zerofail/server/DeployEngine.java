package dev.zerofail.server;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.history.HistoryStore;
import java.util.List;

/**
 * The deploy engine as the API drives it: the CLI's Deployer over zerofail.yaml and the Docker
 * connection (given by {@code zerofail serve}), a fake in tests. The server has already validated the
 * request and taken the service's lock when {@link #run} is called.
 */
public interface DeployEngine {
    /** What a POST asks for. {@code kind} is "deploy" or "rollback"; {@code to} only for a rollback. */
    record Action(String kind, String environment, String service, String image, String tag, String to, String actor,
            String reason, boolean emergency) {
    }

    /** The compose services of an environment, to refuse an unknown one with a 400 before anything starts. */
    List<String> services(String environment);

    /**
     * Runs one deploy or rollback to its end, recording to {@code store} (which hands over the lock
     * the server holds). Runs on the server's deploy executor, never on a request thread.
     */
    DeployOutcome run(Action action, HistoryStore store);

    /** A server without Docker configuration: every POST is a 503. */
    DeployEngine NONE = new DeployEngine() {
        @Override
        public List<String> services(String environment) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "serve", "this server runs no deploy engine",
                    "start zerofail serve with a zerofail.yaml whose environments name compose files");
        }

        @Override
        public DeployOutcome run(Action action, HistoryStore store) {
            throw new IllegalStateException("no deploy engine");
        }
    };
}
