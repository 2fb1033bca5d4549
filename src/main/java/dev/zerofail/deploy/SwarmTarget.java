package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmObject;
import dev.zerofail.swarm.DockerEngine;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Docker Swarm as the deploy target (the real {@link Swarm}), through the Engine API as raw JSON: docker-java's model drops
 * fields of ServiceSpec and Task that a faithful deploy needs (see SwarmSpecs), so specs go to the
 * daemon exactly as zerofail built them and come back exactly as the daemon has them. Every call
 * goes through {@link DockerEngine#call}, so an unreachable daemon is exit 3 naming the endpoint.
 */
public final class SwarmTarget implements Swarm {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DockerEngine engine;

    public SwarmTarget(DockerEngine engine) {
        this.engine = engine;
    }

    public String describe() {
        return engine.endpoint().describe();
    }

    @Override
    public void ping() {
        engine.ping();
    }

    @Override
    public void pingToRead() {
        engine.pingManager();
    }

    @Override
    public Optional<ServiceState> service(String name) {
        JsonNode s = request("inspect service " + name, "GET", "/services/" + enc(name), null);
        return s == null ? Optional.empty() : Optional.of(serviceState(s));
    }

    /** One list call; the daemon's name filter matches prefixes ({@code app_s1} finds {@code app_s10}), so names are compared here. */
    @Override
    public Map<String, ServiceState> services(Collection<String> names) {
        Map<String, ServiceState> out = new LinkedHashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        JsonNode list = request("list services", "GET", "/services?filters=" + enc(filters(Map.of("name", names))), null);
        Map<String, ServiceState> byName = new HashMap<>();
        for (JsonNode s : list == null ? JSON.createArrayNode() : list) {
            ServiceState state = serviceState(s);
            byName.put(state.name(), state);
        }
        for (String name : names) {
            if (byName.containsKey(name)) {
                out.put(name, byName.get(name));
            }
        }
        return out;
    }

    private static ServiceState serviceState(JsonNode s) {
        JsonNode prev = s.get("PreviousSpec");
        return new ServiceState(s.path("ID").asText(), s.path("Spec").path("Name").asText(),
                s.path("Version").path("Index").asLong(), (ObjectNode) s.get("Spec"),
                prev instanceof ObjectNode p ? p : null, s.path("UpdateStatus").path("State").asText(null),
                s.path("UpdateStatus").path("Message").asText(null), s.path("UpdateStatus").path("StartedAt").asText(null));
    }

    @Override
    public List<TaskState> tasks(String serviceId) {
        JsonNode list = request("list tasks", "GET", "/tasks?filters=" + enc(filters(Map.of("service", List.of(serviceId)))), null);
        List<TaskState> out = new ArrayList<>();
        for (JsonNode t : list == null ? JSON.createArrayNode() : list) {
            out.add(taskState(t));
        }
        return out;
    }

    /** One list call for all the services. */
    @Override
    public Map<String, List<TaskState>> desiredRunning(Collection<String> serviceIds) {
        Map<String, List<TaskState>> out = new LinkedHashMap<>();
        if (serviceIds.isEmpty()) {
            return out;
        }
        serviceIds.forEach(id -> out.put(id, new ArrayList<>()));
        JsonNode list = request("list tasks", "GET", "/tasks?filters=" + enc(filters(Map.of("service", serviceIds,
                "desired-state", List.of("running")))), null);
        for (JsonNode t : list == null ? JSON.createArrayNode() : list) {
            List<TaskState> of = out.get(t.path("ServiceID").asText());
            if (of != null) {
                of.add(taskState(t));
            }
        }
        return out;
    }

    private static TaskState taskState(JsonNode t) {
        JsonNode status = t.path("Status");
        JsonNode cs = status.path("ContainerStatus");
        return new TaskState(t.path("ID").asText(), t.path("Slot").asInt(0), status.path("State").asText(""),
                t.path("DesiredState").asText(""), status.path("Message").asText(""), status.path("Err").asText(null),
                cs.has("ExitCode") ? cs.get("ExitCode").asInt() : null, cs.path("ContainerID").asText(null),
                instant(t.path("CreatedAt").asText(null)), t.path("Spec"), null);
    }

    /** One list call: the running containers of this daemon that the daemon itself reports as starting or unhealthy. */
    @Override
    public Set<String> notHealthy(Collection<String> containerIds) {
        Set<String> out = new HashSet<>();
        if (containerIds.isEmpty()) {
            return out;
        }
        JsonNode list = request("list containers", "GET", "/containers/json?filters="
                + enc(filters(Map.of("health", List.of("starting", "unhealthy")))), null);
        for (JsonNode c : list == null ? JSON.createArrayNode() : list) {
            if (containerIds.contains(c.path("Id").asText())) {
                out.add(c.path("Id").asText());
            }
        }
        return out;
    }

    /** Null when the container runs on another node, or is gone. */
    @Override
    public ContainerState container(String containerId) {
        if (containerId == null || containerId.isEmpty()) {
            return null;
        }
        JsonNode c = request("inspect container", "GET", "/containers/" + enc(containerId) + "/json", null);
        if (c == null) {
            return null;
        }
        JsonNode state = c.path("State");
        JsonNode health = state.path("Health").path("Status");
        boolean running = state.path("Running").asBoolean(false);
        boolean exited = "exited".equals(state.path("Status").asText()) || "dead".equals(state.path("Status").asText());
        return new ContainerState(health.isMissingNode() || health.asText().isEmpty() ? "none" : health.asText(), running,
                exited ? state.path("ExitCode").asInt() : null);
    }

    @Override
    public Optional<Instant> firstFailedProbe(String containerId) {
        if (containerId == null || containerId.isEmpty()) {
            return Optional.empty();
        }
        JsonNode c;
        try {
            c = request("inspect container", "GET", "/containers/" + enc(containerId) + "/json", null);
        } catch (RuntimeException e) {
            return Optional.empty(); // gone or elsewhere: the drill falls back to zerofail's own first failed gate
        }
        Instant first = null;
        for (JsonNode probe : c == null ? JSON.createArrayNode() : c.path("State").path("Health").path("Log")) {
            Instant end = offsetInstant(probe.path("End").asText(null));
            if (probe.path("ExitCode").asInt(0) != 0 && end != null && (first == null || end.isBefore(first))) {
                first = end;
            }
        }
        return Optional.ofNullable(first);
    }

    /** The daemon writes its local offset (RFC 3339 with nanoseconds), not always Z. */
    private static Instant offsetInstant(String s) {
        try {
            return s == null ? null : java.time.OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void stopContainer(String containerId, java.time.Duration grace) {
        if (containerId == null || containerId.isEmpty()) {
            return;
        }
        long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
        try {
            request("stop container", "POST", "/containers/" + enc(containerId) + "/stop?t=" + seconds, null);
        } catch (RuntimeException e) {
            // gone, or on another node: Swarm stops it in any case
        }
    }

    @Override
    public String create(ObjectNode spec) {
        return request("create service " + spec.path("Name").asText(), "POST", "/services/create", spec).path("ID").asText();
    }

    /** Replaces the spec; {@code version} is the index read with it, so a concurrent change is refused, not overwritten. */
    @Override
    public void update(String id, long version, ObjectNode spec) {
        request("update service " + spec.path("Name").asText(), "POST", "/services/" + enc(id) + "/update?version=" + version, spec);
    }

    @Override
    public void remove(String id) {
        request("remove service " + id, "DELETE", "/services/" + enc(id), null);
    }

    /** Containers of a service still running on this daemon (a removed service's tasks stop a few seconds later). */
    @Override
    public int runningContainers(String serviceId) {
        JsonNode list = request("list containers", "GET", "/containers/json?filters="
                + enc("{\"label\":[\"com.docker.swarm.service.id=" + serviceId + "\"]}"), null);
        return list == null ? 0 : list.size();
    }

    /** The local image ID of a reference, to notice a retagged image under an unchanged name; empty when unknown here. */
    @Override
    public Optional<String> imageId(String ref) {
        JsonNode i = request("inspect image " + ref, "GET", "/images/" + ref + "/json", null);
        return i == null ? Optional.empty() : Optional.ofNullable(i.path("Id").asText(null));
    }

    /** IDs (and the name) of host-driver networks: a service on them cannot start a second task on the same port. */
    @Override
    public Set<String> hostNetworks() {
        Set<String> out = new HashSet<>(Set.of("host"));
        JsonNode list = request("list networks", "GET", "/networks", null);
        for (JsonNode n : list == null ? JSON.createArrayNode() : list) {
            if ("host".equals(n.path("Driver").asText())) {
                out.add(n.path("Id").asText());
                out.add(n.path("Name").asText());
            }
        }
        return out;
    }

    /** Swarm secrets by name with their labels (values never leave the daemon). */
    public Map<String, Map<String, String>> secrets() {
        Map<String, Map<String, String>> out = new HashMap<>();
        JsonNode list = request("list secrets", "GET", "/secrets", null);
        for (JsonNode s : list == null ? JSON.createArrayNode() : list) {
            Map<String, String> labels = new HashMap<>();
            s.path("Spec").path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            out.put(s.path("Spec").path("Name").asText(), labels);
        }
        return out;
    }

    /** Creates the networks, secrets and configs the stack needs that do not exist yet; existing ones are reused by name. */
    @Override
    public ObjectIds ensureObjects(List<SwarmObject> objects) {
        Map<String, String> secrets = ids("/secrets");
        Map<String, String> configs = ids("/configs");
        Set<String> networks = ids("/networks").keySet();
        List<String> created = new ArrayList<>();
        for (SwarmObject o : objects) {
            switch (o.kind()) {
                case NETWORK -> {
                    if (!networks.contains(o.name())) {
                        request("create network " + o.name(), "POST", "/networks/create", o.createBody());
                        created.add("network " + o.name());
                    }
                }
                case SECRET -> {
                    if (!secrets.containsKey(o.name())) {
                        secrets.put(o.name(), request("create secret " + o.name(), "POST", "/secrets/create", o.createBody())
                                .path("ID").asText());
                        created.add("secret " + o.name());
                    }
                }
                case CONFIG -> {
                    if (!configs.containsKey(o.name())) {
                        configs.put(o.name(), request("create config " + o.name(), "POST", "/configs/create", o.createBody())
                                .path("ID").asText());
                        created.add("config " + o.name());
                    }
                }
                default -> throw new IllegalStateException("unknown kind " + o.kind());
            }
        }
        return new ObjectIds(secrets, configs, List.copyOf(created));
    }

    private Map<String, String> ids(String path) {
        Map<String, String> out = new HashMap<>();
        JsonNode list = request("list " + path.substring(1), "GET", path, null);
        for (JsonNode n : list == null ? JSON.createArrayNode() : list) {
            String name = n.has("Spec") ? n.path("Spec").path("Name").asText() : n.path("Name").asText();
            out.put(name, n.has("ID") ? n.path("ID").asText() : n.path("Id").asText());
        }
        return out;
    }

    private JsonNode request(String what, String method, String path, JsonNode body) {
        return engine.request(what, method, path, body);
    }

    /** Engine API filters, {@code {"key":["v1","v2"],…}}: a key's values are alternatives, the keys all apply. */
    private static String filters(Map<String, ? extends Collection<String>> byKey) {
        return JSON.valueToTree(byKey).toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
