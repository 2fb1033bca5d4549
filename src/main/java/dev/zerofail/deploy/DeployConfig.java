package dev.zerofail.deploy;

import dev.zerofail.core.ConfigKeys;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Durations;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code environments:} section of zerofail.yaml: per environment the stack, its compose file,
 * the Docker endpoint, the image policy, freeze windows and each service's health gate. Unknown keys
 * are errors naming file, line and key, like every other section.
 */
public record DeployConfig(Map<String, Environment> environments) {
    static final ConfigKeys ENV_KEYS = ConfigKeys.of("environments.ENV", "stack", "compose", "env-file", "docker-host",
            "allow-latest", "freeze", "services");
    static final ConfigKeys SERVICE_KEYS = ConfigKeys.of("environments.ENV.services.SERVICE", "health", "parallelism");
    private static final String HEALTH = "environments.ENV.services.SERVICE.health";
    static final ConfigKeys HEALTH_KEYS = ConfigKeys.of(HEALTH, "http", "prometheus", "timeout", "monitor");
    static final ConfigKeys HTTP_KEYS = ConfigKeys.of(HEALTH + ".http[]", "url", "status", "body", "timeout", "interval",
            "retries", "consecutive", "start-period");
    static final ConfigKeys PROMETHEUS_KEYS = ConfigKeys.of(HEALTH + ".prometheus", "url", "queries", "interval", "failures");
    static final ConfigKeys QUERY_KEYS = ConfigKeys.of(HEALTH + ".prometheus.queries[]", "query", "max");

    public DeployConfig {
        environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    /** One environment ({@code prod}); {@code where} is its file:line for messages. */
    public record Environment(String name, String stack, List<Path> compose, Path envFile, String dockerHost,
            boolean allowLatest, List<FreezeWindow> freeze, Map<String, ServiceSettings> services, String where) {
        public Environment {
            compose = List.copyOf(compose);
            freeze = List.copyOf(freeze);
            services = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(services));
        }

        /** A service without an entry still gets the defaults: the container healthcheck, 60s, 10s monitor. */
        public ServiceSettings service(String service) {
            return services.getOrDefault(service, new ServiceSettings(service, Health.DEFAULT, null, where + ".services"));
        }
    }

    /** {@code START/END} in ISO-8601 with an offset; the end is exclusive. */
    public record FreezeWindow(Instant start, Instant end, String text) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /** {@code parallelism} overrides the compose file's update_config.parallelism (default 1). */
    public record ServiceSettings(String name, Health health, Integer parallelism, String where) {
    }

    /**
     * The gate a new task must pass: the container healthcheck always; these HTTP checks and
     * Prometheus queries when given; healthy within {@code timeout}, and still healthy for
     * {@code monitor} after the last task passed.
     */
    public record Health(List<HttpCheck> http, Prometheus prometheus, Duration timeout, Duration monitor) {
        public static final Health DEFAULT = new Health(List.of(), null, Duration.ofSeconds(60), Duration.ofSeconds(10));

        public Health {
            http = List.copyOf(http);
        }
    }

    /**
     * One HTTP check per task. {@code {slot}} in the URL is the task's slot (replica number), so
     * services on the host network can bind one port per replica ({@code PORT=1808{{.Task.Slot}}}).
     * A refused connection means "not listening yet" until the check first passed; an answer with the
     * wrong status or body is a failure, and {@code retries} failures in a row fail the task.
     */
    public record HttpCheck(String url, int status, String body, Duration timeout, Duration interval, int retries,
            int consecutive, Duration startPeriod) {
    }

    /** Instant queries against Prometheus; a value above {@code max} is a failure, {@code failures} of them fail the gate. */
    public record Prometheus(String url, List<Query> queries, Duration interval, int failures) {
        public Prometheus {
            queries = List.copyOf(queries);
        }
    }

    public record Query(String query, double max) {
    }

    public static DeployConfig from(ZerofailConfig config, Path root) {
        return from(config.section("environments"), root);
    }

    public static DeployConfig from(ConfigNode section, Path root) {
        Map<String, Environment> envs = new LinkedHashMap<>();
        section.entries().forEach((name, node) -> envs.put(name, environment(name, node, root)));
        return new DeployConfig(envs);
    }

    /** The environment named by {@code --env}; a usage error listing the known ones otherwise. */
    public Environment environment(String name) {
        Environment e = environments.get(name);
        if (e == null) {
            throw ZerofailException.usage("--env " + name, environments.isEmpty()
                    ? "no environments in zerofail.yaml" : "no environment '" + name + "' in zerofail.yaml",
                    environments.isEmpty() ? "add environments: { " + name + ": { stack: NAME, compose: FILE } } to zerofail.yaml"
                            : "use one of " + environments.keySet());
        }
        return e;
    }

    private static Environment environment(String name, ConfigNode node, Path root) {
        node.requireKeys(ENV_KEYS);
        ConfigNode compose = node.get("compose").orElseThrow(() -> node.error("environment '" + name + "' has no compose file",
                "add compose: docker-compose.yml (the unified file zerofail compose unify writes)"));
        List<Path> files = compose.strings().stream().map(f -> root.resolve(f).normalize()).toList();
        String stack = node.get("stack").map(ConfigNode::string).orElse(name);
        if (!stack.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw node.get("stack").orElse(node).error("invalid stack name '" + stack + "'",
                    "use letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        Path envFile = node.get("env-file").filter(n -> !n.isNull()).map(n -> root.resolve(n.string()).normalize()).orElse(null);
        String dockerHost = node.get("docker-host").filter(n -> !n.isNull()).map(ConfigNode::string).orElse(null);
        boolean allowLatest = node.get("allow-latest").map(ConfigNode::bool).orElse(false);
        List<FreezeWindow> freeze = new ArrayList<>();
        for (ConfigNode w : node.get("freeze").map(ConfigNode::items).orElse(List.of())) {
            freeze.add(window(w));
        }
        Map<String, ServiceSettings> services = new LinkedHashMap<>();
        node.get("services").ifPresent(s -> s.entries().forEach((svc, n) -> services.put(svc, service(svc, n))));
        return new Environment(name, stack, files, envFile, dockerHost, allowLatest, freeze, services, node.where());
    }

    private static FreezeWindow window(ConfigNode w) {
        String text = w.string();
        String[] parts = text.split("/", -1);
        try {
            if (parts.length != 2) {
                throw new DateTimeParseException("no /", text, 0);
            }
            Instant start = OffsetDateTime.parse(parts[0].strip()).toInstant();
            Instant end = OffsetDateTime.parse(parts[1].strip()).toInstant();
            if (!end.isAfter(start)) {
                throw w.error("freeze window ends before it starts: '" + text + "'", "write START/END with START first");
            }
            return new FreezeWindow(start, end, text);
        } catch (DateTimeParseException e) {
            throw w.error("expected a window like 2026-12-24T00:00Z/2026-12-27T00:00Z, got '" + text + "'",
                    "write two ISO-8601 times with an offset, separated by /");
        }
    }

    private static ServiceSettings service(String name, ConfigNode node) {
        node.requireKeys(SERVICE_KEYS);
        Integer parallelism = node.get("parallelism").map(n -> (int) positive(n)).orElse(null);
        return new ServiceSettings(name, node.get("health").map(DeployConfig::health).orElse(Health.DEFAULT), parallelism,
                node.where());
    }

    private static Health health(ConfigNode node) {
        node.requireKeys(HEALTH_KEYS);
        List<HttpCheck> http = new ArrayList<>();
        for (ConfigNode c : node.get("http").map(ConfigNode::items).orElse(List.of())) {
            http.add(http(c));
        }
        Prometheus prom = node.get("prometheus").filter(n -> !n.isNull()).map(DeployConfig::prometheus).orElse(null);
        return new Health(http, prom, duration(node, "timeout", Health.DEFAULT.timeout()),
                duration(node, "monitor", Health.DEFAULT.monitor()));
    }

    private static HttpCheck http(ConfigNode c) {
        c.requireKeys(HTTP_KEYS);
        String url = c.get("url").map(ConfigNode::string).orElseThrow(() -> c.error("an HTTP check needs a url",
                "add url: http://127.0.0.1:8080/health"));
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw c.get("url").orElseThrow().error("expected an http:// or https:// URL, got '" + url + "'", "fix the url");
        }
        int status = c.get("status").map(n -> (int) positive(n)).orElse(200);
        if (status < 100 || status > 599) {
            throw c.get("status").orElseThrow().error("expected an HTTP status from 100 to 599, got " + status, "fix the status");
        }
        return new HttpCheck(url, status, c.get("body").filter(n -> !n.isNull()).map(ConfigNode::string).orElse(null),
                duration(c, "timeout", Duration.ofSeconds(2)), duration(c, "interval", Duration.ofMillis(250)),
                c.get("retries").map(n -> (int) positive(n)).orElse(3), c.get("consecutive").map(n -> (int) positive(n)).orElse(2),
                duration(c, "start-period", Duration.ZERO));
    }

    private static Prometheus prometheus(ConfigNode node) {
        node.requireKeys(PROMETHEUS_KEYS);
        String url = node.get("url").map(ConfigNode::string).orElseThrow(() -> node.error("prometheus needs a url",
                "add url: http://127.0.0.1:9090"));
        List<Query> queries = new ArrayList<>();
        for (ConfigNode q : node.get("queries").map(ConfigNode::items).orElse(List.of())) {
            q.requireKeys(QUERY_KEYS);
            String query = q.get("query").map(ConfigNode::string).orElseThrow(() -> q.error("a query needs query:",
                    "add query: (a PromQL expression returning one value)"));
            ConfigNode max = q.get("max").orElseThrow(() -> q.error("a query needs max:", "add max: 0.05"));
            double m;
            try {
                m = Double.parseDouble(max.string());
            } catch (NumberFormatException e) {
                throw max.error("expected a number, got '" + max.string() + "'", "write a number such as 0.05");
            }
            queries.add(new Query(query, m));
        }
        if (queries.isEmpty()) {
            throw node.error("prometheus has no queries", "add queries: [{query: ..., max: ...}] or remove prometheus:");
        }
        return new Prometheus(url, queries, duration(node, "interval", Duration.ofSeconds(1)),
                node.get("failures").map(n -> (int) positive(n)).orElse(1));
    }

    private static Duration duration(ConfigNode parent, String key, Duration fallback) {
        return parent.get(key).filter(n -> !n.isNull()).map(n -> Durations.parse(n.string(), n.where())).orElse(fallback);
    }

    private static long positive(ConfigNode n) {
        long v = n.longValue();
        if (v < 1) {
            throw n.error("expected a number of at least 1, got " + v, "write 1 or more");
        }
        return v;
    }
}
