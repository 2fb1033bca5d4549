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
    static final String SESSION = "zerofail.session";

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
            authorize(ctx, access, false);
            handler.handle(ctx);
        });
    }

    /**
     * A dashboard page (HTML, not part of the API document): like {@link #get}, but a browser without
     * a valid session is sent to the login form instead of getting a 401 document.
     */
    public void page(String path, Access access, Handler handler) {
        api.get(path, ctx -> {
            try {
                authorize(ctx, access, false);
            } catch (ProblemException e) {
                if (e.problem().status() != 401) {
                    throw e;
                }
                ctx.header("Set-Cookie", Session.setCookie(Session.COOKIE, null, secure(ctx), 0));
                ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
                return;
            }
            handler.handle(ctx);
        });
    }

    /** A route anyone may call (the login form, the dashboard's static files); a state-changing one is still audited. */
    public void open(HandlerType method, String path, AuditSummary summary, Handler handler) {
        if (method == HandlerType.GET) {
            api.get(path, handler);
        } else {
            api.addHttpHandler(method, path, ctx -> {
                ctx.attribute(AUDIT, summary);
                handler.handle(ctx);
            });
        }
    }

    /** The login form's check of a token: the same verification, cache and failure limit as a bearer header. */
    Principal login(Context ctx, String token) {
        Principal p = auth.authenticate("Bearer " + token, ctx.ip());
        ctx.attribute(PRINCIPAL, p);
        return p;
    }

    /** True when the browser reached us over TLS (directly or through a proxy that says so). */
    static boolean secure(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    }

    /** A POST, PUT, PATCH or DELETE route: audited. */
    public void change(HandlerType method, String path, Access access, AuditSummary summary, Handler handler) {
        if (method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS) {
            throw new IllegalArgumentException(method + " is not a state-changing method; use get()");
        }
        declared.add(new Route(method, path, access));
        api.addHttpHandler(method, path, ctx -> {
            ctx.attribute(AUDIT, summary);
            authorize(ctx, access, true);
            handler.handle(ctx);
        });
    }

    List<Route> declared() {
        return List.copyOf(declared);
    }

    /**
     * A bearer header, else the dashboard's session cookie. A cookie is sent by the browser on its own,
     * so a state-changing request that relies on it must also carry the session's CSRF token (header
     * or form field): a forged cross-site POST gets 403 before any role check.
     */
    private void authorize(Context ctx, Access access, boolean change) {
        String header = ctx.header("Authorization");
        Session session = header == null ? Session.parse(ctx.cookie(Session.COOKIE)) : null;
        if (header == null && session == null && access.anonymousKey() != null && config.anonymous(access.anonymousKey())) {
            return;
        }
        Principal p = auth.authenticate(session != null ? "Bearer " + session.token() : header, ctx.ip());
        ctx.attribute(PRINCIPAL, p);
        if (session != null) {
            ctx.attribute(SESSION, session);
            if (change && !session.csrfMatches(csrfSent(ctx))) {
                throw new ProblemException(Problem.of(403, "csrf", "Forbidden",
                        "a request with the session cookie needs its CSRF token (" + Session.CSRF_HEADER + " or "
                                + Session.CSRF_FIELD + "); reload the page"));
            }
        }
        if (!p.role().includes(access.role())) {
            throw new ProblemException(Problem.of(403, "forbidden", "Forbidden", "this needs the " + access.role().id()
                    + " role; token '" + p.name() + "' has " + p.role().id()));
        }
    }

    static String csrfSent(Context ctx) {
        String h = ctx.header(Session.CSRF_HEADER);
        if (h != null) {
            return h;
        }
        String type = ctx.contentType();
        return type != null && type.startsWith("application/x-www-form-urlencoded") ? ctx.formParam(Session.CSRF_FIELD) : null;
    }
}
