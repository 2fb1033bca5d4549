package dev.zerofail.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zerofail.core.ExitCode;
import dev.zerofail.core.ThisProcess;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.HistoryStore;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST /api/v1/deployments and /api/v1/rollbacks: validate the body, take the service's deploy lock
 * (409 when another deploy, through any replica or the CLI, holds it), run the engine on a bounded
 * executor and answer 202 with the deployment id once the engine has recorded it.
 */
final class ActionRoutes implements RouteGroup, AutoCloseable {
    /** The confirmation word of the CLI's emergency path ({@code deploy --emergency --confirm DEPLOY}). */
    static final String CONFIRM_WORD = "DEPLOY";
    static final int WORKERS = 4;
    static final int QUEUE = 16;
    /** How long a POST waits for the engine to record the deployment (Docker answering, recovery of a crashed deploy). */
    static final Duration RECORD_WAIT = Duration.ofSeconds(60);
    private static final String ACTION = "zerofail.action";
    private static final String IMAGE = "[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}";
    private static final String TAG = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";

    /** The body of a 202: the deployment to poll at {@code location}. */
    record Accepted(long deploymentId, String environment, String service, String kind, String location) {
    }

    private final HistoryStore store;
    private final Set<String> environments;
    private final DeployEngine engine;
    private final ThreadPoolExecutor executor;

    ActionRoutes(HistoryStore store, Set<String> environments, DeployEngine engine) {
        this.store = store;
        this.environments = Set.copyOf(environments);
        this.engine = engine;
        this.executor = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "zerofail-api-deploy");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void register(Routes routes) {
        routes.change(HandlerType.POST, "/api/v1/deployments", Access.DEPLOYER, ActionRoutes::summary,
                ctx -> accept(ctx, "deploy", Set.of("env", "service", "image", "tag", "reason", "emergency", "confirm")));
        routes.change(HandlerType.POST, "/api/v1/rollbacks", Access.DEPLOYER, ActionRoutes::summary,
                ctx -> accept(ctx, "rollback", Set.of("env", "service", "to", "reason")));
    }

    private void accept(Context ctx, String kind, Set<String> fields) {
        QueryParams.of(ctx, Set.of());
        Principal who = ctx.attribute(Routes.PRINCIPAL);
        DeployEngine.Action action = parse(ctx.body(), kind, fields, who == null ? "api" : "api:" + who.name());
        ctx.attribute(ACTION, action);
        List<String> services;
        try {
            services = engine.services(action.environment());
        } catch (ZerofailException e) {
            throw ProblemException.unavailable("dependency-unavailable", e.describe());
        }
        if (!services.contains(action.service())) {
            throw ProblemException.badParameter("service", "no service '" + action.service() + "' in " + action.environment()
                    + "'s compose file; one of " + String.join(", ", services));
        }
        HistoryStore.DeployLock lock;
        try {
            lock = store.lock(action.environment(), action.service(), action.actor() + " (serve pid " + ThisProcess.pid()
                    + " on " + ThisProcess.host() + ")", Duration.ZERO);
        } catch (ZerofailException e) {
            if (e.exitCode() == ExitCode.SERVICE_UNAVAILABLE && e.where() != null && e.where().startsWith("deploy lock")) {
                throw new ProblemException(Problem.of(409, "deploy-locked", "Deploy lock held", e.problem()));
            }
            throw ProblemException.unavailable("store-unavailable", e.describe());
        }
        HandOverStore handed = new HandOverStore(store, action.environment(), action.service(), lock);
        try {
            executor.execute(() -> {
                try {
                    engine.run(action, handed.view);
                } catch (RuntimeException e) {
                    handed.deploymentId.completeExceptionally(e);
                } finally {
                    handed.release();
                    handed.deploymentId.completeExceptionally(new IllegalStateException("the engine recorded no deployment"));
                }
            });
        } catch (RejectedExecutionException e) {
            lock.close();
            throw new ProblemException(Problem.of(503, "busy", "Service unavailable", WORKERS + " deploys run and " + QUEUE
                    + " wait on this server; try again shortly"), Map.of("Retry-After", "10"));
        }
        long id = awaitId(handed);
        ctx.attribute(ACTION + ".id", id);
        String location = "/api/v1/deployments/" + id;
        ctx.status(202).header("Location", location);
        Server.json(ctx, new Accepted(id, action.environment(), action.service(), kind, location));
    }

    /** The deployment id, or the engine's refusal before it recorded one as a problem document. */
    private static long awaitId(HandOverStore handed) {
        try {
            return handed.deploymentId.get(RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("dependency-unavailable", "interrupted while the deploy started");
        } catch (TimeoutException e) {
            throw ProblemException.unavailable("dependency-unavailable", "the engine did not record the deployment within "
                    + RECORD_WAIT.toSeconds() + "s; it may still start: see /api/v1/deployments");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ZerofailException z) {
                if (z.exitCode() == ExitCode.USAGE) {
                    throw new ProblemException(new Problem("urn:zerofail:problem:invalid-parameter", "Invalid parameter", 400,
                            z.problem(), parameterOf(z.where())));
                }
                throw ProblemException.unavailable("dependency-unavailable", z.describe());
            }
            throw new ProblemException(Problem.of(500, "internal", "Internal error", "the deploy failed to start; see the server's log"));
        }
    }

    /** The CLI option an engine error names ({@code --to 7}), as the body field. */
    private static String parameterOf(String where) {
        if (where == null) {
            return "body";
        }
        for (String f : List.of("to", "image", "tag", "service", "emergency")) {
            if (where.startsWith("--" + f)) {
                return f;
            }
        }
        return "body";
    }

    DeployEngine.Action parse(String body, String kind, Set<String> fields, String actor) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : dev.zerofail.report.Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ProblemException.badParameter("body", "not valid JSON; send an object such as {\"env\":\"prod\",\"service\":\"api\"}");
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badParameter("body", "expected a JSON object such as {\"env\":\"prod\",\"service\":\"api\"}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw ProblemException.badParameter(f, "unknown field; this endpoint takes " + String.join(", ",
                        fields.stream().sorted().toList()));
            }
        }
        String env = text(root, "env", true);
        if (!environments.contains(env)) {
            throw ProblemException.badParameter("env", "no environment '" + env + "' in zerofail.yaml; one of "
                    + String.join(", ", environments.stream().sorted().toList()));
        }
        String service = text(root, "service", true);
        if (!service.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
            throw ProblemException.badParameter("service", "expected a service name (letters, digits, '_', '.', '-')");
        }
        String image = text(root, "image", false);
        if (image != null && !image.matches(IMAGE)) {
            throw ProblemException.badParameter("image", "expected an image reference such as acme/api:1.4.2");
        }
        String tag = text(root, "tag", false);
        if (tag != null && !tag.matches(TAG)) {
            throw ProblemException.badParameter("tag", "expected an image tag such as 1.4.2");
        }
        if (image != null && tag != null) {
            throw ProblemException.badParameter("tag", "image and tag both name the image; give one of them");
        }
        String to = text(root, "to", false);
        if (to != null && !to.equals("previous") && !to.matches("[1-9][0-9]{0,17}") && !to.matches(TAG)) {
            throw ProblemException.badParameter("to", "expected previous, a deployment id or an image tag");
        }
        String reason = text(root, "reason", false);
        if (reason != null && (reason.length() > 500 || reason.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.badParameter("reason", "expected one line of at most 500 characters");
        }
        boolean emergency = false;
        JsonNode e = root.get("emergency");
        if (e != null && !e.isNull()) {
            if (!e.isBoolean()) {
                throw ProblemException.badParameter("emergency", "expected true or false");
            }
            emergency = e.booleanValue();
        }
        String confirm = text(root, "confirm", false);
        if (emergency && !CONFIRM_WORD.equals(confirm)) {
            throw ProblemException.badParameter("confirm", "an emergency deploy needs \"confirm\": \"" + CONFIRM_WORD
                    + "\" (it skips the freeze, image and secret gates and is recorded as an emergency)");
        }
        if (!emergency && confirm != null) {
            throw ProblemException.badParameter("confirm", "confirm goes with \"emergency\": true only");
        }
        return new DeployEngine.Action(kind, env, service, image, tag, to, actor, reason, emergency);
    }

    private static String text(JsonNode root, String field, boolean required) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw ProblemException.badParameter(field, "required");
            }
            return null;
        }
        if (!v.isTextual() || v.textValue().isBlank()) {
            throw ProblemException.badParameter(field, "expected a non-empty string");
        }
        return v.textValue().strip();
    }

    /** The audit row's summary: the validated request and the deployment it started (no token, no body as sent). */
    private static String summary(Context ctx) {
        DeployEngine.Action a = ctx.attribute(ACTION);
        if (a == null) {
            return null;
        }
        Long id = ctx.attribute(ACTION + ".id");
        StringBuilder s = new StringBuilder(a.kind() + " env=" + a.environment() + " service=" + a.service());
        if (a.image() != null) {
            s.append(" image=").append(a.image());
        }
        if (a.tag() != null) {
            s.append(" tag=").append(a.tag());
        }
        if (a.to() != null) {
            s.append(" to=").append(a.to());
        }
        if (a.emergency()) {
            s.append(" emergency");
        }
        if (a.reason() != null) {
            s.append(" reason=").append(a.reason());
        }
        if (id != null) {
            s.append(" deployment=").append(id);
        }
        return s.toString();
    }

    @Override
    public void close() {
        // a deploy in flight keeps its row RUNNING; the next deploy, rollback or status recovers it
        executor.shutdownNow();
    }
}
