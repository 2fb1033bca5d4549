package dev.zerofail.compose;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the short syntaxes of one service into the long ones ({@code docker compose config}'s
 * canonical form), so that files written in different styles can be merged and compared.
 * Values that still hold {@code ${VAR}} references are kept as strings.
 */
final class Normalizer {
    static final Set<String> SERVICE_KEYS = Set.of("annotations", "attach", "blkio_config", "build", "cap_add",
            "cap_drop", "cgroup", "cgroup_parent", "command", "configs", "container_name", "cpu_count", "cpu_percent",
            "cpu_shares", "cpu_quota", "cpu_period", "cpu_rt_period", "cpu_rt_runtime", "cpus", "cpuset",
            "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns", "dns_opt",
            "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose", "extends",
            "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc",
            "isolation", "labels", "label_file", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
            "mem_swappiness", "memswap_limit", "models", "network_mode", "networks", "oom_kill_disable",
            "oom_score_adj", "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged",
            "profiles", "provider", "pull_policy", "read_only", "restart", "runtime", "scale", "secrets",
            "security_opt", "shm_size", "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls",
            "tmpfs", "tty", "ulimits", "use_api_socket", "user", "userns_mode", "uts", "volumes", "volumes_from",
            "working_dir");

    private final YamlTree.Parsed source;
    private final List<String> warnings;

    /** {@code warnings} receives the keys it ignores, each with its file, line and path. */
    Normalizer(YamlTree.Parsed source, List<String> warnings) {
        this.source = source;
        this.warnings = warnings;
    }

    Map<String, Object> service(String name, Map<String, Object> in) {
        String base = "services." + name;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : in.entrySet()) {
            String key = e.getKey();
            String path = base + "." + key;
            if (!SERVICE_KEYS.contains(key) && !key.startsWith("x-")) {
                String near = SERVICE_KEYS.stream().filter(k -> typo(key, k)).findFirst().orElse(null);
                if (near != null) {
                    throw ComposeErrors.usage(source.where(path), "unknown service key '" + key + "'",
                            "did you mean '" + near + "'? (check its spelling against the compose specification)");
                }
                // a platform's own key (Coolify's exclude_from_hc, …): docker compose refuses it, but
                // it says nothing about the service that the rest of zerofail reads, so it is left out
                warnings.add(source.where(path) + ": unknown service key '" + key
                        + "' ignored (not in the compose specification; docker compose and docker stack deploy refuse it)");
                continue;
            }
            Object v = e.getValue();
            if (v instanceof YamlTree.Override o) {
                out.put(key, new YamlTree.Override(normalize(key, o.value(), path)));
            } else if (v == YamlTree.Reset.RESET) {
                out.put(key, v);
            } else {
                out.put(key, normalize(key, v, path));
            }
        }
        return out;
    }

    private Object normalize(String key, Object v, String path) {
        if (v == null) {
            return null;
        }
        return switch (key) {
            case "environment", "labels", "annotations", "sysctls" -> keyValues(v, path);
            case "ports" -> list(v, path, this::port);
            case "volumes" -> list(v, path, this::volume);
            case "secrets", "configs" -> list(v, path, this::fileReference);
            case "networks" -> networks(v, path);
            case "healthcheck" -> healthcheck(v, path);
            case "build" -> v instanceof String s ? new LinkedHashMap<>(Map.of("context", s)) : build(v, path);
            case "env_file", "dns", "dns_search", "tmpfs", "profiles" -> v instanceof String s ? new ArrayList<>(List.of(s))
                    : requireList(v, path);
            case "depends_on" -> dependsOn(v, path);
            case "expose", "cap_add", "cap_drop", "links", "external_links", "security_opt", "devices",
                    "volumes_from", "group_add", "device_cgroup_rules", "dns_opt" -> requireList(v, path);
            case "extra_hosts" -> extraHosts(v, path);
            case "deploy", "logging", "ulimits", "extends", "blkio_config", "develop" -> extendsOrMap(key, v, path);
            default -> v;
        };
    }

    /** Build args and labels as maps, like environment, so a list in one file and a map in another merge by name. */
    private Map<String, Object> build(Object v, String path) {
        Map<String, Object> m = new LinkedHashMap<>(requireMap(v, path));
        for (String key : List.of("args", "labels")) {
            if (m.get(key) != null) {
                m.put(key, keyValues(m.get(key), path + "." + key));
            }
        }
        return m;
    }

    private Object extendsOrMap(String key, Object v, String path) {
        if (key.equals("extends") && v instanceof String s) {
            return new LinkedHashMap<>(Map.of("service", s));
        }
        return requireMap(v, path);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> requireMap(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw ComposeErrors.usage(source.where(path), "expected a mapping, got " + describe(v),
                "write it as 'key: value' lines");
    }

    @SuppressWarnings("unchecked")
    List<Object> requireList(Object v, String path) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw ComposeErrors.usage(source.where(path), "expected a list, got " + describe(v),
                "write it as a YAML list ('- item' lines)");
    }

    static String describe(Object v) {
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String) {
            return "a string";
        }
        return v == null ? "nothing" : "the value " + v;
    }

    private interface Item {
        Object apply(Object item, String path);
    }

    private List<Object> list(Object v, String path, Item item) {
        List<Object> in = requireList(v, path);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            out.add(item.apply(in.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** {@code [A=1, B]} or {@code {A: 1}} → {@code {A: "1", B: null}}; scalars become strings. */
    private Map<String, Object> keyValues(Object v, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Object item = l.get(i);
                if (!(item instanceof String s)) {
                    throw ComposeErrors.usage(source.where(path + "[" + i + "]"), "expected 'NAME=value', got "
                            + describe(item), "write each entry as NAME=value");
                }
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
            }
            return out;
        }
        for (Map.Entry<String, Object> e : requireMap(v, path).entrySet()) {
            Object value = e.getValue();
            if (value instanceof Map || value instanceof List) {
                throw ComposeErrors.usage(source.where(path + "." + e.getKey()), "expected a single value, got "
                        + describe(value), "quote the value or write it on one line");
            }
            out.put(e.getKey(), value == null ? null : scalarText(value));
        }
        return out;
    }

    static String scalarText(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return String.valueOf(d);
        }
        return String.valueOf(value);
    }

    /** Port short syntax: {@code [HOST_IP:][PUBLISHED[-RANGE]:]TARGET[-RANGE][/PROTOCOL]}. */
    private Object port(Object item, String path) {
        if (item instanceof Map<?, ?>) {
            Map<String, Object> m = new LinkedHashMap<>(requireMap(item, path));
            if (!m.containsKey("target")) {
                throw ComposeErrors.usage(source.where(path), "a port in long syntax needs 'target'",
                        "add target: CONTAINER_PORT");
            }
            m.put("target", number(m.get("target")));
            if (m.containsKey("published")) {
                m.put("published", number(m.get("published")));
            }
            // the defaults docker compose fills in, so a long and a short port with one meaning are equal
            m.putIfAbsent("protocol", "tcp");
            m.putIfAbsent("mode", "ingress");
            return m;
        }
        if (!(item instanceof String) && !(item instanceof Long)) {
            throw ComposeErrors.usage(source.where(path), "expected a port like \"8080:80\", got " + describe(item),
                    "write ports as \"HOST:CONTAINER\" strings or in long syntax");
        }
        String spec = String.valueOf(item);
        String protocol = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash > 0 && !spec.substring(slash).contains("}")) {
            protocol = spec.substring(slash + 1);
            spec = spec.substring(0, slash);
        }
        List<String> parts = splitColons(spec);
        String hostIp = null;
        String published = null;
        String target;
        if (parts.size() == 1) {
            target = parts.get(0);
        } else if (parts.size() == 2) {
            published = parts.get(0);
            target = parts.get(1);
        } else if (parts.size() == 3) {
            hostIp = parts.get(0);
            published = parts.get(1);
            target = parts.get(2);
        } else {
            throw ComposeErrors.usage(source.where(path), "cannot read the port '" + spec + "'",
                    "write [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]");
        }
        if (target.isEmpty() || !target.contains("$") && !target.matches("\\d+(-\\d+)?")) {
            throw ComposeErrors.usage(source.where(path), "the container port in '" + spec + "' is not a number",
                    "write [HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", number(target));
        if (published != null && !published.isEmpty()) {
            m.put("published", number(published));
        }
        if (hostIp != null && !hostIp.isEmpty()) {
            m.put("host_ip", hostIp);
        }
        m.put("protocol", protocol);
        m.put("mode", "ingress");
        return m;
    }

    static Object number(Object v) {
        if (v instanceof String s && s.matches("\\d{1,9}")) {
            return Long.parseLong(s);
        }
        return v;
    }

    /** Splits on ':' outside of {@code ${…}}, so {@code ${PORT:-80}:80} stays two parts. */
    static List<String> splitColons(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i > 0 && s.charAt(i - 1) == '$') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ':' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    /** Volume short syntax: {@code [SOURCE:]TARGET[:MODE]}. */
    private Object volume(Object item, String path) {
        if (item instanceof Map<?, ?>) {
            Map<String, Object> m = new LinkedHashMap<>(requireMap(item, path));
            if (!m.containsKey("target")) {
                throw ComposeErrors.usage(source.where(path), "a volume in long syntax needs 'target'",
                        "add target: /path/in/container");
            }
            m.putIfAbsent("type", "volume");
            return m;
        }
        if (!(item instanceof String spec)) {
            throw ComposeErrors.usage(source.where(path), "expected a volume like \"data:/var/lib/data\", got "
                    + describe(item), "write SOURCE:TARGET[:MODE] or use long syntax");
        }
        List<String> parts = splitColons(spec);
        Map<String, Object> m = new LinkedHashMap<>();
        if (parts.size() == 1) {
            m.put("type", "volume");
            m.put("target", parts.get(0));
            return m;
        }
        String src = parts.get(0);
        boolean bind = src.startsWith(".") || src.startsWith("/") || src.startsWith("~") || src.startsWith("$");
        m.put("type", bind ? "bind" : "volume");
        m.put("source", src);
        m.put("target", parts.get(1));
        if (parts.size() > 2) {
            for (String opt : parts.get(2).split(",")) {
                switch (opt) {
                    case "ro" -> m.put("read_only", true);
                    case "rw" -> {
                    }
                    case "nocopy" -> m.put("volume", new LinkedHashMap<>(Map.of("nocopy", true)));
                    case "z", "Z" -> bindOptions(m).put("selinux", opt);
                    default -> bindOptions(m).put("propagation", opt);
                }
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> bindOptions(Map<String, Object> volume) {
        return (Map<String, Object>) volume.computeIfAbsent("bind", k -> new LinkedHashMap<>());
    }

    private Object fileReference(Object item, String path) {
        if (item instanceof String s) {
            return new LinkedHashMap<>(Map.of("source", s));
        }
        Map<String, Object> m = new LinkedHashMap<>(requireMap(item, path));
        if (!(m.get("source") instanceof String)) {
            throw ComposeErrors.usage(source.where(path), "a secret or config reference needs 'source'",
                    "add source: NAME (a name defined at the top level)");
        }
        return m;
    }

    private Object networks(Object v, String path) {
        if (v instanceof List<?> l) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Object n : l) {
                out.put(String.valueOf(n), null);
            }
            return out;
        }
        return requireMap(v, path);
    }

    private Object healthcheck(Object v, String path) {
        Map<String, Object> m = new LinkedHashMap<>(requireMap(v, path));
        Object test = m.get("test");
        if (test instanceof String s) {
            m.put("test", new ArrayList<>(s.equals("NONE") ? List.of("NONE") : List.of("CMD-SHELL", s)));
        } else if (test != null && !(test instanceof List)) {
            throw ComposeErrors.usage(source.where(path + ".test"), "expected a command, got " + describe(test),
                    "write test: [\"CMD\", \"curl\", \"-f\", \"http://localhost/health\"]");
        }
        if (m.get("retries") instanceof String r) {
            m.put("retries", number(r));
        }
        return m;
    }

    private Object dependsOn(Object v, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (v instanceof List<?> l) {
            for (Object n : l) {
                out.put(String.valueOf(n), new LinkedHashMap<>(Map.of("condition", "service_started")));
            }
            return out;
        }
        for (Map.Entry<String, Object> e : requireMap(v, path).entrySet()) {
            Map<String, Object> c = e.getValue() == null ? new LinkedHashMap<>()
                    : new LinkedHashMap<>(requireMap(e.getValue(), path + "." + e.getKey()));
            c.putIfAbsent("condition", "service_started");
            out.put(e.getKey(), c);
        }
        return out;
    }

    private Object extraHosts(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            List<Object> out = new ArrayList<>();
            m.forEach((k, val) -> out.add(k + ":" + val));
            return out;
        }
        return requireList(v, path);
    }

    /** Whether {@code key} is within two edits of {@code known}: a misspelling, not a platform's own key. */
    static boolean typo(String key, String known) {
        if (Math.abs(key.length() - known.length()) > 2 || Math.min(key.length(), known.length()) < 4) {
            return false;
        }
        int[] prev = new int[known.length() + 1];
        int[] cur = new int[known.length() + 1];
        for (int j = 0; j <= known.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= key.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= known.length(); j++) {
                int cost = key.charAt(i - 1) == known.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[known.length()] <= 2;
    }
}
