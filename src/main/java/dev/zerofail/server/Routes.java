package dev.zerofail.server;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link RouteGroup} adds routes: every route names its {@link Access}, and is authenticated
 * and authorised before its handler runs. A state-changing route ({@link #change}) is also written to
 * the audit log whatever its outcome (including 401, 403 and 429), by the server's after-filter:
 * a route cannot forget it.
 */
public final class Routes {
    static final String PRINCIPAL = "zerofail.principal";
    static final String AUDIT = "zerofail.audit";

    /** A route as declared, for the OpenAPI check and the docs. */
    public record Route(HandlerType method, String path, Access access) {
    }

    /** What the audit log records of a request: its validated fields, never a secret value. */
    public interface AuditSummary {
        String of(Context ctx);
    }

    private final JavalinDefaultRoutingApi api;
    private final Authenticator auth;
    private final ServeConfig config;
    private final List<Route> declared = new ArrayList<>();

    Routes(JavalinDefaultRoutingApi api, Authenticator auth, ServeConfig config) {
        this.api = api;
        this.auth = auth;
        this.config = config;
    }

    public void get(String path, Access access, Handler handler) {
        declared.add(new Route(HandlerType.GET, path, access));
        api.get(path, ctx -> {
            authorize(ctx, access);
            handler.handle(ctx);
        });
    }

    /** A POST, PUT, PATCH or DELETE route: audited. */
    public void change(HandlerType method, String path, Access access, AuditSummary summary, Handler handler) {
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            throw new IllegalArgumentException(method + " is not a state-changing method; use get()");
        }
        declared.add(new Route(method, path, access));
        api.addHttpHandler(method, path, ctx -> {
            ctx.attribute(AUDIT, summary);
            authorize(ctx, access);
            handler.handle(ctx);
        });
    }

    List<Route> declared() {
        return List.copyOf(declared);
    }

    private void authorize(Context ctx, Access access) {
        String header = ctx.header("Authorization");
        if (header == null && access.anonymousKey() != null && config.anonymous(access.anonymousKey())) {
            return;
        }
        Principal p = auth.authenticate(header, ctx.ip());
        ctx.attribute(PRINCIPAL, p);
        if (!p.role().includes(access.role())) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "this needs the " + access.role().id()
                    + " role; token '" + p.name() + "' has " + p.role().id()));
        }
    }
}
