package dev.zerofail.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A canonical compose service to the Docker Engine API {@code ServiceSpec} (v1.41 field names) that
 * {@code docker stack deploy} would send for it, and the networks, secrets and configs the stack needs
 * created first. The rules and defaults follow docker/cli's cli/compose/convert/service.go (Service,
 * convertHealthcheck, convertRestartPolicy, convertUpdateConfig, convertResources, convertEnvironment,
 * convertExtraHosts, convertDNSConfig, convertUlimits), volume.go and compose.go (Namespace, Networks,
 * Secrets, Configs), checked field by field against the real CLI in ComposeSwarmSpecIT. Known
 * differences are listed in docs/compose.md ("Swarm specs").
 *
 * <p>Secret and config references carry names only: Swarm wants their IDs, which exist once the
 * objects are created, so the deployer fills them with {@link #withObjectIds}.
 */
public final class SwarmSpecs {
    public static final String IMAGE_LABEL = "com.docker.stack.image";
    public static final String NAMESPACE_LABEL = StackNames.NAMESPACE_LABEL;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String DEFAULT_NETWORK_DRIVER = "overlay";

    private SwarmSpecs() {
    }

    public static ObjectNode toServiceSpec(String stack, String service, Map<String, Object> project) {
        StackNames names = names(stack, project);
        if (!names.defined("services", service)) {
            throw ZerofailException.usage("services." + service, "no service '" + service + "' in the compose model",
                    "use one of " + names.section("services").entries().keySet());
        }
        ComposeValue svc = names.section("services").get(service);
        ComposeValue deploy = svc.get("deploy");
        String image = image(svc);

        ObjectNode spec = JSON.objectNode();
        spec.put("Name", names.scope(service));
        ObjectNode labels = SwarmAttachments.labels(deploy.get("labels"), names);
        labels.put(IMAGE_LABEL, image);
        spec.set("Labels", sorted(labels));

        ObjectNode task = spec.putObject("TaskTemplate");
        task.set("ContainerSpec", containerSpec(svc, image, names));
        task.set("Resources", SwarmDeploy.resources(deploy.get("resources")));
        putIfNotNull(task, "RestartPolicy", SwarmDeploy.restartPolicy(svc));
        task.set("Placement", SwarmDeploy.placement(deploy.get("placement")));
        task.set("Networks", SwarmAttachments.networks(service, svc, names));
        ComposeValue logging = svc.get("logging");
        if (logging.present()) {
            ObjectNode driver = task.putObject("LogDriver");
            if (logging.get("driver").present()) {
                driver.put("Name", logging.get("driver").string());
            }
            if (logging.get("options").present()) {
                driver.set("Options", stringMap(logging.get("options")));
            }
        }

        spec.set("Mode", SwarmDeploy.mode(deploy));
        putIfNotNull(spec, "UpdateConfig", SwarmDeploy.updateConfig(deploy.get("update_config")));
        putIfNotNull(spec, "RollbackConfig", SwarmDeploy.updateConfig(deploy.get("rollback_config")));
        spec.set("EndpointSpec", SwarmDeploy.endpointSpec(svc));
        return spec;
    }

    /**
     * The networks (only those some service uses, as docker stack deploy does), secrets and configs
     * (every one declared, as docker stack deploy does) that the stack creates; external ones are not
     * listed. Relative {@code file:} paths resolve against {@code projectDir}.
     */
    public static List<SwarmObject> requiredObjects(String stack, Map<String, Object> project, Path projectDir) {
        StackNames names = names(stack, project);
        List<SwarmObject> out = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        Map<String, ComposeValue> refs = new TreeMap<>();
        names.section("services").entries().forEach((name, svc) -> SwarmAttachments.networkKeys(svc)
                .forEach((key, ref) -> {
                    used.add(key);
                    refs.putIfAbsent(key, ref);
                }));
        for (String key : used) {
            String target = SwarmAttachments.networkTarget(key, refs.get(key), names);
            if (target.equals("host") || names.defined("networks", key) && names.external("networks", key)) {
                continue;
            }
            out.add(new SwarmObject(SwarmObject.Kind.NETWORK, key, target, network(target, names.definition("networks", key), names), null));
        }
        for (String section : List.of("secrets", "configs")) {
            names.section(section).entries().forEach((key, def) -> {
                if (!names.external(section, key)) {
                    out.add(fileObject(section, key, def, names, projectDir));
                }
            });
        }
        return List.copyOf(out);
    }

    /**
     * A copy of {@code spec} with SecretID/ConfigID filled from the created objects' IDs by name;
     * a missing ID is an error because Swarm rejects a reference without one.
     */
    public static ObjectNode withObjectIds(ObjectNode spec, Map<String, String> secretIds, Map<String, String> configIds) {
        ObjectNode copy = spec.deepCopy();
        JsonNode container = copy.path("TaskTemplate").path("ContainerSpec");
        fillIds(container.path("Secrets"), "SecretName", "SecretID", secretIds, copy);
        fillIds(container.path("Configs"), "ConfigName", "ConfigID", configIds, copy);
        return copy;
    }

    private static void fillIds(JsonNode refs, String nameField, String idField, Map<String, String> ids, ObjectNode spec) {
        for (JsonNode ref : refs) {
            String id = ids.get(ref.get(nameField).asText());
            if (id == null) {
                throw ZerofailException.usage(spec.path("Name").asText(),
                        "no ID for " + nameField.replace("Name", "").toLowerCase(Locale.ROOT) + " '" + ref.get(nameField).asText() + "'",
                        "create the stack's secrets and configs first (SwarmSpecs.requiredObjects), and external ones with docker secret/config create");
            }
            ((ObjectNode) ref).put(idField, id);
        }
    }

    private static StackNames names(String stack, Map<String, Object> project) {
        if (stack == null || !stack.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw ZerofailException.usage("stack", "invalid stack name '" + stack + "'",
                    "use letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return new StackNames(stack, project);
    }

    private static String image(ComposeValue svc) {
        ComposeValue image = svc.get("image");
        if (!image.present() || image.string().isBlank()) {
            throw image.error("a Swarm service needs an image", "set image: (Swarm does not build; build and push the image first)");
        }
        return image.string();
    }

    private static ObjectNode containerSpec(ComposeValue svc, String image, StackNames names) {
        ObjectNode c = JSON.objectNode();
        c.put("Image", image);
        c.set("Labels", SwarmAttachments.labels(svc.get("labels"), names));
        // compose's entrypoint is the image's ENTRYPOINT (Swarm Command), its command the CMD (Swarm Args)
        putStrings(c, "Command", words(svc.get("entrypoint")));
        putStrings(c, "Args", words(svc.get("command")));
        putText(c, "Hostname", svc.get("hostname"));
        putStrings(c, "Env", environment(svc.get("environment")));
        putText(c, "Dir", svc.get("working_dir"));
        putText(c, "User", svc.get("user"));
        c.putObject("Privileges");
        putIfNotNull(c, "Init", svc.get("init").present() ? JSON.booleanNode(svc.get("init").bool()) : null);
        putText(c, "StopSignal", svc.get("stop_signal"));
        putTrue(c, "TTY", svc.get("tty"));
        putTrue(c, "OpenStdin", svc.get("stdin_open"));
        putTrue(c, "ReadOnly", svc.get("read_only"));
        putNonEmpty(c, "Mounts", SwarmAttachments.mounts(svc, names));
        if (svc.get("stop_grace_period").present()) {
            c.put("StopGracePeriod", svc.get("stop_grace_period").nanos());
        }
        putIfNotNull(c, "Healthcheck", healthcheck(svc.get("healthcheck")));
        putStrings(c, "Hosts", extraHosts(svc.get("extra_hosts")));
        List<String> dns = svc.get("dns").strings();
        List<String> search = svc.get("dns_search").strings();
        if (!dns.isEmpty() || !search.isEmpty()) {
            ObjectNode d = c.putObject("DNSConfig");
            putStrings(d, "Nameservers", dns);
            putStrings(d, "Search", search);
        }
        putNonEmpty(c, "Secrets", SwarmAttachments.fileReferences("secrets", svc.get("secrets"), names));
        putNonEmpty(c, "Configs", SwarmAttachments.fileReferences("configs", svc.get("configs"), names));
        if (svc.get("sysctls").present()) {
            c.set("Sysctls", stringMap(svc.get("sysctls")));
        }
        capabilities(c, svc);
        putNonEmpty(c, "Ulimits", ulimits(svc.get("ulimits")));
        return c;
    }

    private static List<String> words(ComposeValue v) {
        if (!v.present()) {
            return List.of();
        }
        return v.raw() instanceof List<?> ? v.strings() : ShellWords.split(v);
    }

    /** Sorted {@code KEY=value}; a variable without a value stays a bare {@code KEY}, as docker/cli writes it. */
    private static List<String> environment(ComposeValue env) {
        List<String> out = new ArrayList<>();
        env.stringMap().forEach((k, v) -> out.add(v == null ? k : k + "=" + v));
        out.sort(null);
        return out;
    }

    /** {@code host:ip} (or {@code host=ip}, or a mapping) to Swarm's {@code "ip host"} notation, order kept. */
    private static List<String> extraHosts(ComposeValue hosts) {
        List<String> out = new ArrayList<>();
        if (hosts.raw() instanceof Map<?, ?>) {
            hosts.stringMap().forEach((host, ip) -> out.add(ip + " " + host));
            return out;
        }
        for (ComposeValue item : hosts.items()) {
            String s = item.string();
            int eq = s.indexOf('=');
            int colon = s.indexOf(':');
            int cut = eq >= 0 && (colon < 0 || eq < colon) ? eq : colon;
            if (cut < 0) {
                throw item.error("expected host:ip, got '" + s + "'", "write it as name:address");
            }
            out.add(s.substring(cut + 1) + " " + s.substring(0, cut));
        }
        return out;
    }

    private static ObjectNode healthcheck(ComposeValue hc) {
        if (!hc.present()) {
            return null;
        }
        ComposeValue test = hc.get("test");
        List<String> words = test.raw() instanceof String s ? List.of("CMD-SHELL", s) : test.strings();
        ObjectNode out = JSON.objectNode();
        if (hc.get("disable").isTrue()) {
            if (!words.isEmpty() && !words.equals(List.of("NONE"))) {
                throw hc.get("disable").error("test and disable cannot both be set", "remove one of them");
            }
            out.putArray("Test").add("NONE");
            return out;
        }
        if (!words.isEmpty() && !Set.of("NONE", "CMD", "CMD-SHELL").contains(words.get(0))) {
            throw test.error("a test list starts with CMD, CMD-SHELL or NONE, got '" + words.get(0) + "'",
                    "write [\"CMD\", \"prog\", \"arg\"] or [\"CMD-SHELL\", \"command line\"]");
        }
        putStrings(out, "Test", words);
        SwarmDeploy.putNanos(out, "Interval", hc.get("interval"));
        SwarmDeploy.putNanos(out, "Timeout", hc.get("timeout"));
        SwarmDeploy.putNanos(out, "StartPeriod", hc.get("start_period"));
        SwarmDeploy.putNanos(out, "StartInterval", hc.get("start_interval"));
        if (hc.get("retries").present() && hc.get("retries").nonNegative() != 0) {
            out.put("Retries", hc.get("retries").nonNegative());
        }
        return out;
    }

    /** docker/cli's EffectiveCapAddCapDrop: upper case, CAP_ prefix, ALL wins, an added capability is not dropped. */
    private static void capabilities(ObjectNode c, ComposeValue svc) {
        Set<String> add = normalizedCaps(svc.get("cap_add").strings());
        Set<String> drop = normalizedCaps(svc.get("cap_drop").strings());
        if (add.contains("ALL")) {
            add = new TreeSet<>(Set.of("ALL"));
        }
        if (drop.contains("ALL")) {
            drop = new TreeSet<>(Set.of("ALL"));
        }
        drop.removeAll(add);
        add.remove("RESET");
        drop.remove("RESET");
        putStrings(c, "CapabilityAdd", List.copyOf(add));
        putStrings(c, "CapabilityDrop", List.copyOf(drop));
    }

    private static Set<String> normalizedCaps(List<String> caps) {
        Set<String> out = new TreeSet<>();
        for (String cap : caps) {
            String c = cap.strip().toUpperCase(Locale.ROOT);
            out.add(c.equals("ALL") || c.equals("RESET") || c.startsWith("CAP_") ? c : "CAP_" + c);
        }
        return out;
    }

    private static ArrayNode ulimits(ComposeValue ulimits) {
        ArrayNode out = JSON.arrayNode();
        new TreeMap<>(ulimits.entries()).forEach((name, v) -> {
            long soft;
            long hard;
            if (v.raw() instanceof Map<?, ?>) {
                soft = v.get("soft").integer();
                hard = v.get("hard").integer();
            } else {
                soft = v.integer();
                hard = soft;
            }
            out.addObject().put("Name", name).put("Hard", hard).put("Soft", soft);
        });
        return out;
    }

    private static ObjectNode network(String name, ComposeValue def, StackNames names) {
        ObjectNode n = JSON.objectNode();
        n.put("Name", name);
        n.put("Driver", def.get("driver").stringOr(DEFAULT_NETWORK_DRIVER));
        n.put("Scope", "swarm");
        if (def.get("internal").isTrue()) {
            n.put("Internal", true);
        }
        if (def.get("attachable").isTrue()) {
            n.put("Attachable", true);
        }
        if (def.get("driver_opts").present()) {
            n.set("Options", stringMap(def.get("driver_opts")));
        }
        n.set("Labels", SwarmAttachments.labels(def.get("labels"), names));
        ComposeValue ipam = def.get("ipam");
        if (ipam.get("driver").present() || !ipam.get("config").items().isEmpty()) {
            ObjectNode i = n.putObject("IPAM");
            if (ipam.get("driver").present()) {
                i.put("Driver", ipam.get("driver").string());
            }
            ArrayNode configs = i.putArray("Config");
            for (ComposeValue cfg : ipam.get("config").items()) {
                ObjectNode o = configs.addObject();
                if (cfg.get("subnet").present()) {
                    o.put("Subnet", cfg.get("subnet").string());
                }
            }
        }
        return n;
    }

    private static SwarmObject fileObject(String section, String key, ComposeValue def, StackNames names, Path projectDir) {
        SwarmObject.Kind kind = section.equals("secrets") ? SwarmObject.Kind.SECRET : SwarmObject.Kind.CONFIG;
        String name = names.nameOf(section, key);
        ObjectNode spec = JSON.objectNode().put("Name", name);
        spec.set("Labels", SwarmAttachments.labels(def.get("labels"), names));
        if (def.get("template_driver").present()) {
            spec.putObject("Templating").put("Name", def.get("template_driver").string());
        }
        if (kind == SwarmObject.Kind.SECRET && def.get("driver").present()) {
            ObjectNode driver = spec.putObject("Driver").put("Name", def.get("driver").string());
            if (def.get("driver_opts").present()) {
                driver.set("Options", stringMap(def.get("driver_opts")));
            }
            return new SwarmObject(kind, key, name, spec, null);
        }
        if (!def.get("file").present()) {
            throw def.error(kind.name().toLowerCase(Locale.ROOT) + " '" + key + "' has no file: (docker stack deploy reads "
                    + section + " from files only)", "set file: to a path, or mark it external: true and create it beforehand");
        }
        return new SwarmObject(kind, key, name, spec, projectDir.resolve(def.get("file").string()).normalize());
    }

    private static ObjectNode stringMap(ComposeValue v) {
        ObjectNode out = JSON.objectNode();
        new TreeMap<>(v.stringMap()).forEach((k, val) -> out.put(k, val == null ? "" : val));
        return out;
    }

    private static ObjectNode sorted(ObjectNode labels) {
        ObjectNode out = JSON.objectNode();
        List<String> keys = new ArrayList<>();
        labels.fieldNames().forEachRemaining(keys::add);
        keys.stream().sorted().forEach(k -> out.set(k, labels.get(k)));
        return out;
    }

    private static void putText(ObjectNode o, String field, ComposeValue v) {
        if (v.present() && !v.string().isEmpty()) {
            o.put(field, v.string());
        }
    }

    private static void putTrue(ObjectNode o, String field, ComposeValue v) {
        if (v.isTrue()) {
            o.put(field, true);
        }
    }

    private static void putStrings(ObjectNode o, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(field);
            values.forEach(a::add);
        }
    }

    private static void putNonEmpty(ObjectNode o, String field, ArrayNode values) {
        if (!values.isEmpty()) {
            o.set(field, values);
        }
    }

    private static void putIfNotNull(ObjectNode o, String field, JsonNode value) {
        if (value != null) {
            o.set(field, value);
        }
    }
}
