package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.compose.SwarmObject;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Swarm calls the deploy engine makes, and nothing more. {@link SwarmTarget} is the real one
 * (the Engine API as raw JSON); tests use an in-memory fake that scripts task states and health
 * over simulated time. Specs are the Engine API's JSON, exactly as the daemon takes and returns them.
 */
public interface Swarm {
    /** Fails with exit 3 naming the endpoint when the daemon cannot be reached. */
    void ping();

    /**
     * {@link #ping()} for {@code status}, which only reads: by the quickest call the target has. Deploy, rollback
     * and verify keep {@link #ping()}: with the quicker check, a verify right after a recovery's rollback
     * (DeployRecoveryIT) began before Swarm had marked a replica that had just died, and failed on it.
     */
    default void pingToRead() {
        ping();
    }

    /** Empty when there is no such service. */
    Optional<ServiceState> service(String name);

    /** Every task Swarm still lists for the service, old and new, in any state. */
    List<TaskState> tasks(String serviceId);

    /**
     * The services of these names that exist, by name: what {@link #service} answers for each, in one Engine
     * API call where the target can ({@code status} of a stack).
     */
    default Map<String, ServiceState> services(Collection<String> names) {
        Map<String, ServiceState> out = new LinkedHashMap<>();
        for (String name : names) {
            service(name).ifPresent(s -> out.put(name, s));
        }
        return out;
    }

    /** Null when the container runs on another node, or is gone. */
    ContainerState container(String containerId);

    /**
     * The tasks Swarm wants running ({@code desiredState} running, whatever their state now), by service id,
     * of several services at once: one Engine API call where the target can.
     */
    default Map<String, List<TaskState>> desiredRunning(Collection<String> serviceIds) {
        Map<String, List<TaskState>> out = new LinkedHashMap<>();
        for (String id : serviceIds) {
            out.put(id, tasks(id).stream().filter(t -> t.desiredState().equals("running")).toList());
        }
        return out;
    }

    /**
     * Of these containers, the ones on this daemon whose healthcheck has not passed yet or fails now
     * ("starting", "unhealthy"); one Engine API call where the target can. Containers without a
     * healthcheck, on other nodes or gone are not among them.
     */
    default Set<String> notHealthy(Collection<String> containerIds) {
        Set<String> out = new HashSet<>();
        for (String id : containerIds) {
            String h = containerHealth(id);
            if ("starting".equals(h) || "unhealthy".equals(h)) {
                out.add(id);
            }
        }
        return out;
    }

    /** The healthcheck status of a container on this daemon; null when it is elsewhere or gone. */
    default String containerHealth(String containerId) {
        ContainerState c = container(containerId);
        return c == null ? null : c.health();
    }

    /**
     * When the container's healthcheck first failed a probe, from the daemon's health log; empty when
     * no probe failed, the container is elsewhere or gone, or the log has rolled over (Docker keeps
     * the last five probes). A rollback drill measures detection from this moment.
     */
    default Optional<Instant> firstFailedProbe(String containerId) {
        return Optional.empty();
    }

    /**
     * Stops a container on this daemon as Swarm would: its stop signal, then SIGKILL after {@code grace};
     * blocks until it stopped. Nothing happens when the container is elsewhere or already gone.
     */
    default void stopContainer(String containerId, java.time.Duration grace) {
    }

    /** Creates the service; returns its id. */
    String create(ObjectNode spec);

    /** Replaces the spec; {@code version} is the index read with it, so a concurrent change is refused, not overwritten. */
    void update(String id, long version, ObjectNode spec);

    void remove(String id);

    /** Containers of a service still running on this daemon (a removed service's tasks stop a few seconds later). */
    int runningContainers(String serviceId);

    /** The local image ID of a reference, to notice a retagged image under an unchanged name; empty when unknown here. */
    Optional<String> imageId(String ref);

    /** IDs (and the name) of host-driver networks: a service on them cannot start a second task on the same port. */
    Set<String> hostNetworks();

    /** Creates the networks, secrets and configs the stack needs that do not exist yet; existing ones are reused by name. */
    ObjectIds ensureObjects(List<SwarmObject> objects);

    /** A service as the daemon has it: its spec, the version index an update must quote, and the update's state. */
    record ServiceState(String id, String name, long version, ObjectNode spec, ObjectNode previousSpec,
            String updateState, String updateMessage, String updateStartedAt) {
        public String image() {
            return spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText("");
        }

        public String label(String key) {
            return spec.path("Labels").path(key).asText(null);
        }

        /** Desired replicas; 0 for global services (their count is the node count). */
        public long replicas() {
            return spec.path("Mode").path("Replicated").path("Replicas").asLong(0);
        }
    }

    /**
     * One task. {@code health} is the container's healthcheck status when the container runs on
     * the daemon we talk to ("healthy", "unhealthy", "starting", "none"), else null.
     */
    record TaskState(String id, int slot, String state, String desiredState, String message, String error,
            Integer exitCode, String containerId, Instant createdAt, JsonNode spec, String health) {
        public boolean terminal() {
            return switch (state) {
                case "complete", "shutdown", "failed", "rejected", "orphaned", "remove" -> true;
                default -> false;
            };
        }

        public TaskState withHealth(String h) {
            return new TaskState(id, slot, state, desiredState, message, error, exitCode, containerId, createdAt, spec, h);
        }
    }

    /** A task's container as this daemon sees it: health ("none" without a healthcheck), whether it runs, its exit code. */
    record ContainerState(String health, boolean running, Integer exitCode) {
    }

    /** IDs of the secrets and configs a service refers to by name, and what had to be created. */
    record ObjectIds(Map<String, String> secrets, Map<String, String> configs, List<String> created) {
    }
}
