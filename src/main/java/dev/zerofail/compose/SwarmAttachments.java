package dev.zerofail.compose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a service attaches to: networks, mounts, secret and config files. Follows docker/cli
 * convertServiceNetworks, convertServiceSecrets/ConfigObjs (convertFileObject) in
 * cli/compose/convert/service.go and convertVolumeToMount in cli/compose/convert/volume.go.
 */
final class SwarmAttachments {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String DEFAULT_NETWORK = "default";
    /** Networks that exist on every node and take no aliases (docker's NetworkMode.IsUserDefined is false). */
    private static final Set<String> PREDEFINED = Set.of("default", "bridge", "host", "none");

    private SwarmAttachments() {
    }

    /** The service's networks by compose key; the default network when none is given (not for network_mode: host). */
    static Map<String, ComposeValue> networkKeys(ComposeValue service) {
        ComposeValue networks = service.get("networks");
        ComposeValue mode = service.get("network_mode");
        Map<String, ComposeValue> keys = new LinkedHashMap<>();
        if (mode.present()) {
            if (!mode.string().equals("host")) {
                throw mode.error("network_mode '" + mode.string() + "' has no Swarm equivalent", "use network_mode: host, or networks:");
            }
            if (networks.present()) {
                throw mode.error("network_mode and networks cannot both be set", "keep one of them");
            }
            return keys;
        }
        if (networks.raw() instanceof List<?>) {
            networks.items().forEach(n -> keys.put(n.string(), new ComposeValue(n.path(), null)));
        } else {
            keys.putAll(networks.entries());
        }
        if (keys.isEmpty()) {
            keys.put(DEFAULT_NETWORK, new ComposeValue(networks.path(), null));
        }
        return keys;
    }

    static ArrayNode networks(String serviceName, ComposeValue service, StackNames names) {
        List<ObjectNode> out = new ArrayList<>();
        if (service.get("network_mode").present()) {
            out.add(JSON.objectNode().put("Target", "host"));
        }
        for (Map.Entry<String, ComposeValue> e : networkKeys(service).entrySet()) {
            String key = e.getKey();
            String target = networkTarget(key, e.getValue(), names);
            ObjectNode attach = JSON.objectNode().put("Target", target);
            List<String> aliases = new ArrayList<>(e.getValue().get("aliases").strings());
            if (!PREDEFINED.contains(target) && !target.startsWith("container:")) {
                aliases.add(serviceName);
            }
            if (!aliases.isEmpty()) {
                ArrayNode a = attach.putArray("Aliases");
                aliases.forEach(a::add);
            }
            out.add(attach);
        }
        out.sort(Comparator.comparing(n -> n.get("Target").asText()));
        ArrayNode array = JSON.arrayNode();
        array.addAll(out);
        return array;
    }

    /** {@code host} needs no top-level entry here (docker stack deploy wants one with external: true, name: host). */
    static String networkTarget(String key, ComposeValue ref, StackNames names) {
        if (!names.defined("networks", key) && (key.equals(DEFAULT_NETWORK) || key.equals("host"))) {
            return key.equals("host") ? "host" : names.scope(key);
        }
        return names.resolve("networks", key, ref);
    }

    static ArrayNode mounts(ComposeValue service, StackNames names) {
        ArrayNode out = JSON.arrayNode();
        for (ComposeValue v : service.get("volumes").items()) {
            out.add(mount(v, names));
        }
        return out;
    }

    private static ObjectNode mount(ComposeValue v, StackNames names) {
        if (!(v.raw() instanceof Map<?, ?>)) {
            throw v.error("expected the long volume syntax {type, source, target}", "load the file through the compose model, which normalises short syntax");
        }
        String type = v.get("type").stringOr("volume");
        String source = v.get("source").stringOr("");
        ObjectNode m = JSON.objectNode().put("Type", type);
        if (!source.isEmpty()) {
            m.put("Source", source);
        }
        m.put("Target", v.get("target").string());
        if (v.get("read_only").isTrue()) {
            m.put("ReadOnly", true);
        }
        switch (type) {
            case "volume" -> {
                incompatible(v, type, "bind", "tmpfs");
                if (!source.isEmpty()) {
                    namedVolume(v, source, m, names);
                }
            }
            case "bind" -> {
                incompatible(v, type, "volume", "tmpfs");
                if (source.isEmpty()) {
                    throw v.error("a bind mount needs a source", "set source: to a path on the node");
                }
                ComposeValue propagation = v.get("bind").get("propagation");
                if (propagation.present()) {
                    m.putObject("BindOptions").put("Propagation", SwarmDeploy.oneOf(propagation,
                            Set.of("private", "rprivate", "shared", "rshared", "slave", "rslave")));
                }
            }
            case "tmpfs" -> {
                incompatible(v, type, "bind", "volume");
                if (!source.isEmpty()) {
                    throw v.get("source").error("a tmpfs mount takes no source", "remove source:");
                }
                ComposeValue size = v.get("tmpfs").get("size");
                if (size.present()) {
                    m.putObject("TmpfsOptions").put("SizeBytes", size.bytes());
                }
            }
            default -> throw v.get("type").error("mount type '" + type + "' is not supported for Swarm services here",
                    "use volume, bind or tmpfs");
        }
        return m;
    }

    private static void namedVolume(ComposeValue v, String source, ObjectNode m, StackNames names) {
        m.put("Source", names.resolve("volumes", source, v.get("source")));
        ObjectNode options = m.putObject("VolumeOptions");
        if (v.get("volume").get("nocopy").isTrue()) {
            options.put("NoCopy", true);
        }
        if (names.external("volumes", source)) {
            return;
        }
        ComposeValue def = names.definition("volumes", source);
        options.set("Labels", labels(def.get("labels"), names));
        ComposeValue driver = def.get("driver");
        ComposeValue driverOpts = def.get("driver_opts");
        if (driver.present() || driverOpts.present()) {
            ObjectNode d = options.putObject("DriverConfig");
            if (driver.present()) {
                d.put("Name", driver.string());
            }
            if (driverOpts.present()) {
                ObjectNode o = d.putObject("Options");
                driverOpts.stringMap().forEach(o::put);
            }
        }
    }

    private static void incompatible(ComposeValue v, String type, String... others) {
        for (String other : others) {
            if (v.get(other).present()) {
                throw v.get(other).error(other + " options are incompatible with type " + type, "remove " + other + ":");
            }
        }
    }

    /** Secret or config file references, sorted by object name as docker stack deploy sorts them (then by target). */
    static ArrayNode fileReferences(String section, ComposeValue refs, StackNames names) {
        String nameField = section.equals("secrets") ? "SecretName" : "ConfigName";
        List<ObjectNode> out = new ArrayList<>();
        Set<String> targets = new HashSet<>();
        for (ComposeValue ref : refs.items()) {
            boolean shortForm = !(ref.raw() instanceof Map<?, ?>);
            ComposeValue sourceValue = shortForm ? ref : ref.get("source");
            String source = sourceValue.string();
            String name = names.resolve(section, source, sourceValue);
            String target = shortForm ? source : ref.get("target").stringOr(source);
            if (!targets.add(target)) {
                throw ref.error("two " + section + " mounted at the same target '" + target + "'", "give each a different target:");
            }
            ObjectNode file = JSON.objectNode().put("Name", target)
                    .put("UID", shortForm ? "0" : ref.get("uid").stringOr("0"))
                    .put("GID", shortForm ? "0" : ref.get("gid").stringOr("0"))
                    .put("Mode", shortForm || !ref.get("mode").present() ? 0444 : ref.get("mode").fileMode());
            ObjectNode node = JSON.objectNode();
            node.set("File", file);
            node.put(nameField, name);
            out.add(node);
        }
        out.sort(Comparator.<ObjectNode, String>comparing(n -> n.get(nameField).asText())
                .thenComparing(n -> n.get("File").get("Name").asText()));
        ArrayNode array = JSON.arrayNode();
        array.addAll(out);
        return array;
    }

    /** Labels with the stack's namespace label added, as docker/cli's addStackLabel does. */
    static ObjectNode labels(ComposeValue labels, StackNames names) {
        // sorted, as Go writes a map, so the same file always gives the same JSON
        Map<String, String> sorted = new java.util.TreeMap<>();
        labels.stringMap().forEach((k, val) -> sorted.put(k, val == null ? "" : val));
        sorted.put(StackNames.NAMESPACE_LABEL, names.stack());
        ObjectNode out = JSON.objectNode();
        sorted.forEach(out::put);
        return out;
    }
}
