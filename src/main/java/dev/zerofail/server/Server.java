package dev.zerofail.server;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.history.ApiAudit;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.report.Json;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.util.JavalinBindException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code zerofail serve}: the Javalin app built from its parts. Routes come in {@link RouteGroup}s;
 * every response carries the security headers; every error is a problem document, never a stack
 * trace; every state-changing route is audited.
 */
public final class Server implements AutoCloseable {
    /** What the routes read: the configuration, the store, the environments and the live status. */
    public record Deps(ServeConfig config, HistoryStore store, Map<String, DeployConfig.Environment> environments,
            StatusSource status, Clock clock, DeployEngine engine, Insights insights) {
        public Deps {
            environments = Map.copyOf(environments);
        }

        public Deps(ServeConfig config, HistoryStore store, Map<String, DeployConfig.Environment> environments,
                StatusSource status, Clock clock, DeployEngine engine) {
            this(config, store, environments, status, clock, engine, Insights.NONE);
        }

        /** Without a deploy engine: the read API only, every deploy or rollback a 503. */
        public Deps(ServeConfig config, HistoryStore store, Map<String, DeployConfig.Environment> environments,
                StatusSource status, Clock clock) {
            this(config, store, environments, status, clock, DeployEngine.NONE, Insights.NONE);
        }
    }

    private final Deps deps;
    private final Javalin app;
    private final List<Routes.Route> routes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    public Server(Deps deps) {
        this(deps, defaultGroups(deps));
    }

    public Server(Deps deps, List<RouteGroup> groups) {
        this.deps = deps;
        Authenticator auth = new Authenticator(deps.config().tokens(), deps.config().authFailuresPerMinute(), deps.clock());
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.prefer405over404 = true;
            cfg.routes.before(SecurityHeaders::apply);
            Routes r = new Routes(cfg.routes, auth, deps.config());
            for (RouteGroup g : groups) {
                g.register(r);
                if (g instanceof AutoCloseable c) {
                    closeables.add(c);
                }
            }
            routes.addAll(r.declared());
            cfg.routes.after(this::audit);
            cfg.routes.exception(ProblemException.class, (e, ctx) -> problem(ctx, e.problem(), e.headers()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, forStatus(ctx, e.getStatus()), Map.of()));
            cfg.routes.exception(Exception.class, (e, ctx) -> problem(ctx, Problem.of(500, "internal", "Internal error",
                    "the server failed to answer; see its log"), Map.of()));
            cfg.routes.error(404, ctx -> replaceUnlessProblem(ctx, forStatus(ctx, 404)));
            cfg.routes.error(405, ctx -> replaceUnlessProblem(ctx, forStatus(ctx, 405)));
        });
    }

    /**
     * The groups of this version: health, environments and status, deployments, deploys and rollbacks,
     * the event stream, DORA figures and the scorecard, the OpenAPI document, /metrics (no audit figures).
     */
    public static List<RouteGroup> defaultGroups(Deps deps) {
        return defaultGroups(deps, MetricsRoutes.of(deps, () -> null));
    }

    /** The same, with the /metrics group the caller built (with its audit cache). */
    public static List<RouteGroup> defaultGroups(Deps deps, MetricsRoutes metrics) {
        return List.of(new HealthRoutes(deps.store()), new EnvironmentRoutes(deps.environments(), deps.status(), deps.clock()),
                new DeploymentRoutes(deps.store(), deps.environments().keySet(), deps.clock()),
                new ActionRoutes(deps.store(), deps.environments().keySet(), deps.engine()),
                new EventRoutes(deps.store(), deps.environments().keySet()),
                new InsightRoutes(deps.store(), deps.environments().keySet(), deps.insights(), deps.clock()), new OpenApiRoutes(),
                metrics);
    }

    /**
     * Listens on {@code bind}:{@code port} (0 picks a free port) and returns the port. A port in use is
     * exit 3, an address that is not this machine's exit 2.
     */
    public int start(String bind, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw ZerofailException.usage("--bind", "'" + bind + "' is not an address of this machine",
                        "use 127.0.0.1 (this machine only), 0.0.0.0 (every interface) or one of this machine's addresses");
            }
        } catch (UnknownHostException | SocketException e) {
            throw ZerofailException.usage("--bind", "cannot resolve '" + bind + "'",
                    "use an IP address such as 127.0.0.1 or 0.0.0.0");
        }
        try {
            app.start(address.getHostAddress(), port);
        } catch (JavalinBindException e) {
            throw new ZerofailException(ExitCode.SERVICE_UNAVAILABLE, "--port", "cannot listen on " + bind + ":" + port
                    + ": the port is in use", "stop what uses it or pass another --port");
        }
        return app.port();
    }

    public List<Routes.Route> routes() {
        return List.copyOf(routes);
    }

    /** Ends the event streams (else a graceful stop would wait for them forever), then stops Jetty. */
    public void stop() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
        app.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private void audit(Context ctx) {
        Routes.AuditSummary summary = ctx.attribute(Routes.AUDIT);
        if (summary == null) {
            return;
        }
        Principal p = ctx.attribute(Routes.PRINCIPAL);
        String text;
        try {
            text = summary.of(ctx);
        } catch (RuntimeException e) {
            text = null;
        }
        try {
            deps.store().audit(new ApiAudit(0, p == null ? null : p.name(), p == null ? null : p.role().id(),
                    ctx.method().name(), ctx.path(), text, ctx.statusCode(), deps.clock().instant()));
        } catch (RuntimeException e) {
            // an action nobody can trace must not look successful
            problem(ctx, Problem.of(500, "audit-unavailable", "Internal error",
                    "the request ran but could not be written to the audit log"), Map.of());
        }
    }

    /** Javalin's own refusals (no route, wrong method, a body it cannot read) as problem documents. */
    private static Problem forStatus(Context ctx, int status) {
        if (status == 404) {
            return Problem.of(404, "not-found", "Not found", "no such resource: " + ctx.path());
        }
        if (status == 405) {
            return Problem.of(405, "method-not-allowed", "Method not allowed", ctx.method() + " is not allowed on " + ctx.path());
        }
        return Problem.of(status, "http-" + status, "HTTP " + status, "the request was refused");
    }

    private static void replaceUnlessProblem(Context ctx, Problem p) {
        String type = ctx.res().getContentType();
        if (type == null || !type.startsWith(Problem.MEDIA_TYPE)) {
            problem(ctx, p, Map.of());
        }
    }

    static void problem(Context ctx, Problem p, Map<String, String> headers) {
        SecurityHeaders.apply(ctx);
        headers.forEach(ctx::header);
        ctx.status(p.status()).contentType(Problem.MEDIA_TYPE).result(Json.write(p));
    }

    static void json(Context ctx, Object body) {
        ctx.contentType("application/json").result(Json.writeBytes(body));
    }
}
