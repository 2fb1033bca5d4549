package dev.zerofail.server;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The environments zerofail.yaml defines, and one environment's services now. */
final class EnvironmentRoutes implements RouteGroup {
    /** The body of /api/v1/environments. */
    record Environments(List<Environment> environments) {
        Environments {
            environments = List.copyOf(environments);
        }
    }

    /** An environment: its Swarm stack and the services zerofail.yaml configures for it. */
    record Environment(String name, String stack, List<String> services) {
        Environment {
            services = List.copyOf(services);
        }
    }

    private final Map<String, DeployConfig.Environment> environments;
    private final StatusSource status;

    EnvironmentRoutes(Map<String, DeployConfig.Environment> environments, StatusSource status) {
        this.environments = environments;
        this.status = status;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/environments", Access.VIEWER, ctx -> {
            QueryParams.of(ctx, Set.of());
            Server.json(ctx, new Environments(environments.values().stream()
                    .sorted(java.util.Comparator.comparing(DeployConfig.Environment::name))
                    .map(e -> new Environment(e.name(), e.stack(), e.services().keySet().stream().sorted().toList()))
                    .toList()));
        });
        routes.get("/api/v1/status", Access.VIEWER, ctx -> {
            QueryParams q = QueryParams.of(ctx, Set.of("env"));
            String env = q.get("env");
            if (env == null) {
                throw ProblemException.badParameter("env", "required: the environment, one of " + names());
            }
            if (!environments.containsKey(env)) {
                throw ProblemException.badParameter("env", "no environment '" + env + "' in zerofail.yaml; one of " + names());
            }
            try {
                Server.json(ctx, status.status(env));
            } catch (ZerofailException e) {
                if (e.exitCode() == ExitCode.SERVICE_UNAVAILABLE) {
                    // the message names what is down (Docker or the database) and never holds a secret
                    throw ProblemException.unavailable("dependency-unavailable", e.describe());
                }
                throw e;
            }
        });
    }

    private String names() {
        return String.join(", ", environments.keySet().stream().sorted().toList());
    }
}
