package dev.zerofail.server;

import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployConfig;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentDetail;
import dev.zerofail.history.DeploymentFilter;
import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.DeployState;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.DeployStats;
import dev.zerofail.stats.StatsConfig;
import dev.zerofail.stats.StatsQuery;
import dev.zerofail.stats.StatsResult;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web dashboard at {@code /}: server-rendered pages over the same store, status and figures the
 * API serves, a login form that turns a token into a session cookie, and the vendored htmx and uPlot.
 * Pages are not part of the API document; the rollback form posts to {@code /api/v1/rollbacks}.
 */
public final class DashboardRoutes implements RouteGroup {
    static final int RECENT = 20;
    /** The files under /static/ and their types: nothing else is served from the classpath. */
    static final Map<String, String> STATIC = Map.of(
            DashboardView.HTMX, "text/javascript", DashboardView.UPLOT_JS, "text/javascript",
            DashboardView.UPLOT_CSS, "text/css", "dashboard.js", "text/javascript", "dashboard.css", "text/css");
    private static final String RESOURCES = "/dev/zerofail/server/dashboard/";

    private final HistoryStore store;
    private final Map<String, DeployConfig.Environment> environments;
    private final List<String> names;
    private final StatusSource status;
    private final StatsConfig stats;
    private final ScorecardSource scorecard;
    private final java.time.Clock clock;
    private final Map<String, byte[]> files;
    private Routes routes;

    public DashboardRoutes(Server.Deps deps, StatsConfig stats, ScorecardSource scorecard) {
        this.store = deps.store();
        this.environments = deps.environments();
        this.names = environments.keySet().stream().sorted().toList();
        this.status = deps.status();
        this.stats = stats;
        this.scorecard = scorecard;
        this.clock = deps.clock();
        this.files = STATIC.keySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(f -> f, DashboardRoutes::read));
    }

    @Override
    public void register(Routes routes) {
        this.routes = routes;
        routes.open(HandlerType.GET, "/static/{file}", null, this::file);
        routes.open(HandlerType.GET, "/login", null, ctx -> loginForm(ctx, null, 200));
        routes.open(HandlerType.POST, "/login", ctx -> ctx.attribute(Routes.PRINCIPAL) == null ? "dashboard login refused"
                : "dashboard login", this::login);
        routes.change(HandlerType.POST, "/logout", Access.VIEWER, ctx -> "dashboard logout", ctx -> {
            ctx.res().addHeader("Set-Cookie", Session.setCookie(Session.COOKIE, null, Routes.secure(ctx), 0));
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        });
        routes.page("/", Access.VIEWER, ctx -> ctx.redirect("/env/" + (environments.containsKey(stats.production())
                ? stats.production() : names.isEmpty() ? "" : names.get(0)), HttpStatus.SEE_OTHER));
        routes.page("/env/{env}", Access.VIEWER, ctx -> {
            DashboardView.EnvPage p = envPage(env(ctx));
            html(ctx, DashboardView.layout(p.env(), viewer(ctx), names, p.env(), DashboardView.environment(p, viewer(ctx))));
        });
        routes.page("/env/{env}/live", Access.VIEWER, ctx -> html(ctx, DashboardView.live(envPage(env(ctx)), viewer(ctx))));
        routes.page("/deploys/{id}", Access.VIEWER, ctx -> {
            DeploymentRecord d = deployment(ctx.pathParam("id"));
            html(ctx, DashboardView.layout("Deployment #" + d.id(), viewer(ctx), names, d.environment(),
                    DashboardView.deployment(d, stats.zone(), viewer(ctx))));
        });
        routes.page("/env/{env}/services/{service}/rollback", Access.DEPLOYER, ctx -> {
            String env = env(ctx);
            String service = ctx.pathParam("service");
            if (!environments.get(env).services().containsKey(service)) {
                throw ProblemException.notFound("no service '" + service + "' in " + env);
            }
            Optional<Deployment> last = store.page(new DeploymentFilter(env, service, null, null), null, 1).stream().findFirst();
            Optional<Deployment> good = store.lastSucceeded(env, service);
            String current = last.map(Deployment::toImage).orElse(null);
            String previous = last.map(Deployment::fromImage).orElse(good.map(Deployment::fromImage).orElse(null));
            html(ctx, DashboardView.layout("Roll back " + service, viewer(ctx), names, env,
                    DashboardView.confirmRollback(env, service, current, previous, viewer(ctx))));
        });
        routes.page("/scorecard", Access.VIEWER, ctx -> html(ctx, DashboardView.layout("Scorecard", viewer(ctx), names,
                "scorecard", DashboardView.scorecard(scorecard.scorecard()))));
    }

    /** Everything the environment page shows, read now. */
    DashboardView.EnvPage envPage(String env) {
        StatsResult figures = DeployStats.compute(store, new StatsQuery(env, null, clock.instant(), stats), "history");
        StatusResult now = null;
        String problem = null;
        try {
            now = status.status(env);
        } catch (ZerofailException e) {
            problem = e.describe();
        } catch (RuntimeException e) {
            // Docker absent or broken: the page still shows the history
            problem = "Docker did not answer";
        }
        List<DeploymentRecord> running = store.page(new DeploymentFilter(env, null, DeployState.RUNNING, null), null, RECENT).stream()
                .map(d -> DeploymentRecord.of(DeploymentDetail.load(store, d), false)).toList();
        List<DeploymentRecord> recent = store.page(new DeploymentFilter(env, null, null, null), null, RECENT).stream()
                .map(d -> DeploymentRecord.of(DeploymentDetail.load(store, d), false)).toList();
        return new DashboardView.EnvPage(env, names, stats.zone(), figures, now, problem, running, recent);
    }

    private DeploymentRecord deployment(String raw) {
        if (!raw.matches("[1-9][0-9]{0,17}")) {
            throw ProblemException.badParameter("id", "expected a deployment id (a positive whole number)");
        }
        long id = Long.parseLong(raw);
        Deployment d = store.get(id).orElseThrow(() -> ProblemException.notFound("no deployment " + id));
        return DeploymentRecord.of(DeploymentDetail.load(store, d), true);
    }

    private String env(Context ctx) {
        String env = ctx.pathParam("env");
        if (!environments.containsKey(env)) {
            throw ProblemException.notFound("no environment '" + env + "' in zerofail.yaml");
        }
        return env;
    }

    private static DashboardView.Viewer viewer(Context ctx) {
        Session s = ctx.attribute(Routes.SESSION);
        return new DashboardView.Viewer(ctx.attribute(Routes.PRINCIPAL), s == null ? "" : s.csrf());
    }

    private void loginForm(Context ctx, String error, int status) {
        String formToken = Session.random();
        ctx.res().addHeader("Set-Cookie", Session.setCookie(Session.LOGIN_COOKIE, formToken, Routes.secure(ctx), 3600));
        ctx.status(status);
        html(ctx, DashboardView.layout("Log in", null, List.of(), null, DashboardView.login(formToken, error)));
    }

    private void login(Context ctx) {
        String sent = ctx.formParam(Session.CSRF_FIELD);
        String expected = ctx.cookie(Session.LOGIN_COOKIE);
        if (sent == null || expected == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(Problem.of(403, "csrf", "Forbidden", "the login form expired or came from elsewhere; reload it"));
        }
        String token = ctx.formParam("token");
        token = token == null ? "" : token.strip();
        try {
            routes.login(ctx, token);
        } catch (ProblemException e) {
            if (e.problem().status() == 401) {
                loginForm(ctx, "That token is not valid.", 401);
                return;
            }
            throw e;
        }
        boolean secure = Routes.secure(ctx);
        ctx.res().addHeader("Set-Cookie", Session.setCookie(Session.COOKIE, Session.create(token).cookieValue(), secure,
                Session.MAX_AGE_SECONDS));
        ctx.res().addHeader("Set-Cookie", Session.setCookie(Session.LOGIN_COOKIE, null, secure, 0));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }


    private void file(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] body = files.get(name);
        if (body == null) {
            throw ProblemException.notFound("no such file: " + name);
        }
        ctx.contentType(STATIC.get(name) + "; charset=utf-8").result(body);
    }

    private static void html(Context ctx, String page) {
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private static byte[] read(String name) {
        // the libraries copied from npm sit apart, beside their licences
        String path = RESOURCES + (name.startsWith("dashboard.") ? "" : "vendor/") + name;
        try (InputStream in = DashboardRoutes.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing dashboard resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
