package dev.zerofail.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.Masking;
import dev.zerofail.core.ZerofailException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What zerofail changes in a service spec before sending it, and how it recognises a spec it sent before. */
final class Specs {
    /** Service label holding the fingerprint of the spec zerofail deployed; a service label, so it restarts nothing. */
    static final String FINGERPRINT_LABEL = "dev.zerofail.spec";
    /** Service label with the local image ID the spec was deployed with, to notice a retagged image. */
    static final String IMAGE_ID_LABEL = "dev.zerofail.image-id";
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Specs() {
    }

    /**
     * Identifies what would run: the spec without the update settings and our label (they change
     * nothing in the tasks), plus the local image ID, so a retagged image under the same name is a
     * change too. The spec holds secret names, not IDs, so recreating a secret with the same name is not.
     */
    static String fingerprint(ObjectNode spec, String imageId) {
        ObjectNode copy = spec.deepCopy();
        copy.remove(List.of("UpdateConfig", "RollbackConfig"));
        if (copy.get("Labels") instanceof ObjectNode labels) {
            labels.remove(FINGERPRINT_LABEL);
            labels.remove(IMAGE_ID_LABEL);
        }
        JsonNode container = copy.path("TaskTemplate").path("ContainerSpec");
        for (String field : List.of("Secrets", "Configs")) {
            for (JsonNode ref : container.path(field)) {
                ((ObjectNode) ref).remove(List.of("SecretID", "ConfigID"));
            }
        }
        if (copy.get("TaskTemplate") instanceof ObjectNode tt) {
            tt.remove("ForceUpdate");
        }
        try {
            Object canonical = JSON.treeToValue(copy, Object.class);
            return dev.zerofail.core.Fingerprints.of(JSON.writeValueAsString(canonical), imageId == null ? "" : imageId);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static String image(JsonNode spec) {
        return spec.path("TaskTemplate").path("ContainerSpec").path("Image").asText("");
    }

    static ObjectNode withImage(ObjectNode spec, String image) {
        ObjectNode copy = spec.deepCopy();
        ((ObjectNode) copy.path("TaskTemplate").path("ContainerSpec")).put("Image", image);
        if (copy.get("Labels") instanceof ObjectNode labels && labels.has("com.docker.stack.image")) {
            labels.put("com.docker.stack.image", image);
        }
        return copy;
    }

    /** {@code repo:old} → {@code repo:TAG}; a digest is dropped because it pins the old content. */
    static String retag(String image, String tag) {
        String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = noDigest.lastIndexOf('/');
        int colon = noDigest.lastIndexOf(':');
        String repo = colon > slash ? noDigest.substring(0, colon) : noDigest;
        return repo + ":" + tag;
    }

    /** Unpinned means no digest and a tag of {@code latest} or none at all. */
    static boolean pinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash && !image.substring(colon + 1).equals("latest");
    }

    /** Whether tasks bind host ports, so an old and a new task of one slot cannot run side by side. */
    static boolean bindsHostPorts(JsonNode spec, Set<String> hostNetworks) {
        for (JsonNode n : spec.path("TaskTemplate").path("Networks")) {
            if (hostNetworks.contains(n.path("Target").asText())) {
                return true;
            }
        }
        for (JsonNode p : spec.path("EndpointSpec").path("Ports")) {
            if ("host".equals(p.path("PublishMode").asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Swarm's own update settings for a rollout zerofail judges: pause (never continue, never
     * Swarm's rollback) at a failure, {@code parallelism} at a time, start-first unless host ports
     * clash, and a delay after each batch long enough for zerofail's gate to judge the new task.
     */
    static ObjectNode withUpdateConfig(ObjectNode spec, long parallelism, boolean hostPorts, Duration delay, Duration monitor) {
        ObjectNode copy = spec.deepCopy();
        ObjectNode u = copy.putObject("UpdateConfig");
        u.put("Parallelism", parallelism);
        u.put("Delay", delay.toNanos());
        u.put("FailureAction", "pause");
        u.put("Monitor", monitor.toNanos());
        u.put("MaxFailureRatio", 0);
        u.put("Order", hostPorts ? "stop-first" : "start-first");
        return copy;
    }

    static ObjectNode withFingerprint(ObjectNode spec, String fingerprint) {
        ObjectNode copy = spec.deepCopy();
        ObjectNode labels = copy.get("Labels") instanceof ObjectNode l ? l : copy.putObject("Labels");
        labels.put(FINGERPRINT_LABEL, fingerprint);
        return copy;
    }

    static ObjectNode withForceUpdate(ObjectNode spec, long forceUpdate) {
        ObjectNode copy = spec.deepCopy();
        if (copy.get("TaskTemplate") instanceof ObjectNode tt) {
            if (forceUpdate == 0) {
                tt.remove("ForceUpdate");
            } else {
                tt.put("ForceUpdate", forceUpdate);
            }
        }
        return copy;
    }

    /**
     * The history store keeps specs with secret-looking environment values masked. To send such a
     * spec again, each masked {@code KEY=…} gets the real value from a spec Swarm still has (the one
     * running, its PreviousSpec, a task's) whose value for KEY masks to the same text.
     */
    private static final java.util.regex.Pattern TAGGED = java.util.regex.Pattern.compile("(?s)(.*…\\(.*)#([0-9a-f]{16})");

    private static String tag(String value) {
        return dev.zerofail.core.Fingerprints.envTag(value);
    }

    static ObjectNode unmasked(ObjectNode stored, List<JsonNode> candidates) {
        ObjectNode copy = stored.deepCopy();
        JsonNode env = copy.path("TaskTemplate").path("ContainerSpec").path("Env");
        if (!(env instanceof ArrayNode list)) {
            return copy;
        }
        for (int i = 0; i < list.size(); i++) {
            String entry = list.get(i).asText();
            int eq = entry.indexOf('=');
            if (eq <= 0 || !entry.contains("…(")) {
                continue;
            }
            String key = entry.substring(0, eq);
            String stored0 = entry.substring(eq + 1);
            java.util.regex.Matcher tagged = TAGGED.matcher(stored0);
            String masked = tagged.matches() ? tagged.group(1) : stored0;
            String tag = tagged.matches() ? tagged.group(2) : null;
            List<String> values = candidates.stream().filter(c -> c != null)
                    .flatMap(c -> {
                        JsonNode e = c.has("TaskTemplate") ? c.path("TaskTemplate").path("ContainerSpec").path("Env")
                                : c.path("ContainerSpec").path("Env");
                        List<String> vals = new java.util.ArrayList<>();
                        e.forEach(v -> vals.add(v.asText()));
                        return vals.stream();
                    })
                    .filter(v -> v.startsWith(key + "=")).map(v -> v.substring(eq + 1)).distinct().toList();
            // the keyed tag decides; a record without one (written before tags) needs exactly one value of that mask
            Optional<String> real = values.stream().filter(v -> tag != null && tag.equals(tag(v))).findFirst();
            if (tag == null) {
                List<String> byMask = values.stream().filter(v -> Masking.matches(v, masked)).toList();
                real = byMask.size() == 1 ? Optional.of(byMask.get(0)) : Optional.empty();
            }
            if (real.isEmpty()) {
                throw new ZerofailException(dev.zerofail.core.ExitCode.ROLLBACK_FAILED, "environment variable " + key,
                        "the recorded spec has this value masked and no spec Swarm still holds has exactly one value that matches it"
                                + " (a different ZEROFAIL_FINGERPRINT_KEY or .zerofail/fingerprint.key than when it was recorded?)",
                        "deploy the wanted version from its compose file instead: zerofail deploy --env ENV --service S --image IMAGE");
            }
            list.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(key + "=" + real.get()));
        }
        return copy;
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the history store returned a spec that is not JSON", e);
        }
    }

    static String json(JsonNode spec) {
        return spec == null ? null : spec.toString();
    }
}
