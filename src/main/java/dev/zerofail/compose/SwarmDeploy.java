package dev.zerofail.compose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The {@code deploy:} section (and {@code ports}, legacy {@code restart}) to the Swarm spec's Mode,
 * Resources, RestartPolicy, Placement, Update/RollbackConfig and EndpointSpec, following docker/cli
 * cli/compose/convert/service.go (convertDeployMode, convertResources, convertRestartPolicy,
 * convertUpdateConfig, convertEndpointSpec). Enumerations are checked here rather than by the daemon
 * so a typo fails before anything is deployed.
 */
final class SwarmDeploy {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SwarmDeploy() {
    }

    static ObjectNode mode(ComposeValue deploy) {
        ComposeValue replicas = deploy.get("replicas");
        String mode = deploy.get("mode").stringOr("replicated");
        ObjectNode out = JSON.objectNode();
        switch (mode) {
            case "replicated" ->
                // docker stack deploy leaves Replicas out and the daemon makes it 1; docker-java's model
                // has a primitive long there, so an absent count would become 0 on the way through it
                out.putObject("Replicated").put("Replicas", replicas.present() ? replicas.nonNegative() : 1);
            case "global", "global-job" -> {
                if (replicas.present()) {
                    throw replicas.error("replicas can only be used with replicated or replicated-job mode", "remove replicas, or use mode: replicated");
                }
                out.putObject(mode.equals("global") ? "Global" : "GlobalJob");
            }
            case "replicated-job" -> {
                ObjectNode job = out.putObject("ReplicatedJob");
                if (replicas.present()) {
                    job.put("MaxConcurrent", replicas.nonNegative()).put("TotalCompletions", replicas.nonNegative());
                }
            }
            default -> throw deploy.get("mode").error("unknown mode '" + mode + "'", "use replicated, global, replicated-job or global-job");
        }
        return out;
    }

    static ObjectNode resources(ComposeValue resources) {
        ObjectNode out = JSON.objectNode();
        ComposeValue limits = resources.get("limits");
        if (limits.present()) {
            ObjectNode l = out.putObject("Limits");
            cpusAndMemory(limits, l);
        }
        ComposeValue reservations = resources.get("reservations");
        if (reservations.present()) {
            ObjectNode r = out.putObject("Reservations");
            cpusAndMemory(reservations, r);
            ArrayNode generic = JSON.arrayNode();
            for (ComposeValue g : reservations.get("generic_resources").items()) {
                ComposeValue discrete = g.get("discrete_resource_spec");
                if (discrete.present()) {
                    generic.addObject().putObject("DiscreteResourceSpec")
                            .put("Kind", discrete.get("kind").string()).put("Value", discrete.get("value").integer());
                } else {
                    generic.addObject();
                }
            }
            if (!generic.isEmpty()) {
                r.set("GenericResources", generic);
            }
        }
        return out;
    }

    private static void cpusAndMemory(ComposeValue from, ObjectNode to) {
        long cpus = from.get("cpus").present() ? from.get("cpus").nanoCpus() : 0;
        long memory = from.get("memory").present() ? from.get("memory").bytes() : 0;
        if (cpus != 0) {
            to.put("NanoCPUs", cpus);
        }
        if (memory != 0) {
            to.put("MemoryBytes", memory);
        }
    }

    /** deploy.restart_policy wins; otherwise the legacy service-level {@code restart:}, as docker stack deploy does. */
    static ObjectNode restartPolicy(ComposeValue service) {
        ComposeValue policy = service.get("deploy").get("restart_policy");
        if (policy.present()) {
            ObjectNode out = JSON.objectNode();
            ComposeValue condition = policy.get("condition");
            if (condition.present()) {
                out.put("Condition", oneOf(condition, Set.of("none", "on-failure", "any")));
            }
            // pointers in docker/cli: a written 0s is sent as 0 (an absent delay becomes Swarm's 5s)
            if (policy.get("delay").present()) {
                out.put("Delay", policy.get("delay").nanos());
            }
            if (policy.get("max_attempts").present()) {
                out.put("MaxAttempts", policy.get("max_attempts").nonNegative());
            }
            if (policy.get("window").present()) {
                out.put("Window", policy.get("window").nanos());
            }
            return out;
        }
        ComposeValue restart = service.get("restart");
        if (!restart.present()) {
            return null;
        }
        String[] parts = restart.string().split(":", 2);
        long max = parts.length > 1 ? new ComposeValue(restart.path(), parts[1]).nonNegative() : 0;
        ObjectNode out = JSON.objectNode();
        switch (parts[0]) {
            case "", "no" -> {
                return null;
            }
            case "always", "unless-stopped" -> {
                if (parts.length > 1) {
                    throw restart.error("a maximum retry count only goes with on-failure", "write on-failure:" + parts[1]);
                }
                out.put("Condition", "any");
            }
            case "on-failure" -> {
                out.put("Condition", "on-failure");
                if (max > 0) {
                    out.put("MaxAttempts", max);
                }
            }
            default -> throw restart.error("unknown restart policy '" + parts[0] + "'", "use no, always, on-failure[:N] or unless-stopped");
        }
        return out;
    }

    static ObjectNode placement(ComposeValue placement) {
        ObjectNode out = JSON.objectNode();
        List<String> constraints = placement.get("constraints").strings();
        if (!constraints.isEmpty()) {
            ArrayNode c = out.putArray("Constraints");
            constraints.forEach(c::add);
        }
        List<ComposeValue> preferences = placement.get("preferences").items();
        if (!preferences.isEmpty()) {
            ArrayNode p = out.putArray("Preferences");
            for (ComposeValue pref : preferences) {
                p.addObject().putObject("Spread").put("SpreadDescriptor", pref.get("spread").string());
            }
        }
        ComposeValue max = placement.get("max_replicas_per_node");
        if (max.present() && max.nonNegative() != 0) {
            out.put("MaxReplicas", max.nonNegative());
        }
        return out;
    }

    static ObjectNode updateConfig(ComposeValue update) {
        if (!update.present()) {
            return null;
        }
        ObjectNode out = JSON.objectNode();
        // Parallelism 0 means "all at once" to Swarm; compose's default is one at a time
        out.put("Parallelism", update.get("parallelism").present() ? update.get("parallelism").nonNegative() : 1);
        putNanos(out, "Delay", update.get("delay"));
        if (update.get("failure_action").present()) {
            out.put("FailureAction", oneOf(update.get("failure_action"), Set.of("pause", "continue", "rollback")));
        }
        putNanos(out, "Monitor", update.get("monitor"));
        out.put("MaxFailureRatio", update.get("max_failure_ratio").present() ? update.get("max_failure_ratio").decimal() : 0.0);
        if (update.get("order").present()) {
            out.put("Order", oneOf(update.get("order"), Set.of("stop-first", "start-first")));
        }
        return out;
    }

    static ObjectNode endpointSpec(ComposeValue service) {
        ObjectNode out = JSON.objectNode();
        ComposeValue mode = service.get("deploy").get("endpoint_mode");
        if (mode.present()) {
            out.put("Mode", oneOf(new ComposeValue(mode.path(), mode.string().toLowerCase(java.util.Locale.ROOT)), Set.of("vip", "dnsrr")));
        }
        List<ObjectNode> ports = new ArrayList<>();
        for (ComposeValue port : service.get("ports").items()) {
            ports.add(port(port));
        }
        ports.sort(Comparator.<ObjectNode>comparingLong(p -> p.path("PublishedPort").asLong())
                .thenComparingLong(p -> p.path("TargetPort").asLong())
                .thenComparing(p -> p.path("Protocol").asText())
                .thenComparing(p -> p.path("PublishMode").asText()));
        if (!ports.isEmpty()) {
            out.putArray("Ports").addAll(ports);
        }
        return out;
    }

    private static ObjectNode port(ComposeValue port) {
        if (!(port.raw() instanceof java.util.Map<?, ?>)) {
            throw port.error("expected the long port syntax {target, published, protocol, mode}", "load the file through the compose model, which normalises short syntax");
        }
        ObjectNode out = JSON.objectNode();
        if (port.get("protocol").present()) {
            out.put("Protocol", oneOf(port.get("protocol"), Set.of("tcp", "udp", "sctp")));
        }
        out.put("TargetPort", portNumber(port.get("target")));
        if (port.get("published").present()) {
            String published = port.get("published").string();
            if (published.contains("-")) {
                throw port.get("published").error("a published port range cannot be given to one Swarm port", "publish one port per target");
            }
            out.put("PublishedPort", portNumber(port.get("published")));
        }
        if (port.get("mode").present()) {
            out.put("PublishMode", oneOf(port.get("mode"), Set.of("ingress", "host")));
        }
        return out;
    }

    private static long portNumber(ComposeValue v) {
        long n = v.integer();
        if (n < 0 || n > 65535) {
            throw v.error("expected a port from 0 to 65535, got " + n, "fix the port number");
        }
        return n;
    }

    /** Update durations are plain values in docker/cli: 0 is left out, and Swarm applies its default. */
    static void putNanos(ObjectNode out, String field, ComposeValue duration) {
        if (duration.present()) {
            long nanos = duration.nanos();
            if (nanos != 0) {
                out.put(field, nanos);
            }
        }
    }

    static String oneOf(ComposeValue v, Set<String> allowed) {
        String s = v.string();
        if (!allowed.contains(s)) {
            throw v.error("unknown value '" + s + "'", "use one of " + new java.util.TreeSet<>(allowed));
        }
        return s;
    }
}
