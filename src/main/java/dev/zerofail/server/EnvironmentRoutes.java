package dev.zerofail.server;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    /**
     * The body of /api/v1/status: the status ({@link StatusResult}'s fields) and how old it is, since
     * serve reads Docker at most once a second and answers from the last read ({@link StatusSnapshots}).
     */
    record LiveStatus(String environment, List<Inspector.ServiceStatus> services, List<DeployOutcome.ServiceOutcome> recovered,
            Instant readAt, long ageMs) {
        LiveStatus {
            services = List.copyOf(services);
            recovered = List.copyOf(recovered);
        }

        static LiveStatus of(StatusSource.Snapshot s, Instant now) {
            StatusResult r = s.result();
            return new LiveStatus(r.environment(), r.services(), r.recovered(), s.readAt(),
                    Math.max(0, Duration.between(s.readAt(), now).toMillis()));
        }
    }

    private final Map<String, DeployConfig.Environment> environments;
    private final StatusSource status;
    private final Clock clock;

    EnvironmentRoutes(Map<String, DeployConfig.Environment> environments, StatusSource status, Clock clock) {
        this.environments = environments;
        this.status = status;
        this.clock = clock;
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
                Server.json(ctx, LiveStatus.of(status.snapshot(env, clock), clock.instant()));
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
