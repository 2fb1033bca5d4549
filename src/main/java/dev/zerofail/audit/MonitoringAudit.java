package dev.zerofail.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zerofail.core.ConfigNode;
import dev.zerofail.core.Scorecard;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The monitoring section: a metrics endpoint answers, or the files {@code zerofail dashboards export}
 * writes are in the repository. Only a configured endpoint is probed (audit.metrics-url, else serve's
 * bind and port when the serve section sets them), once, with a short timeout: the audit never looks
 * for endpoints on the network.
 */
public final class MonitoringAudit {
    /** What dashboards export writes (metrics.DashboardExport; audit cannot import it, a test keeps them equal). */
    static final String DASHBOARD_UID = "zerofail-deploys";
    static final String DASHBOARD_TITLE = "zerofail deploys";
    static final Pattern ALERT = Pattern.compile("(?m)^\\s*-?\\s*alert:\\s*[\"']?Zerofail[A-Z]\\w*");
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Where teams keep dashboards and rules; the repository root itself is looked at one level deep. */
    static final List<String> PLACES = List.of("monitoring", "grafana", "dashboards", "prometheus", "observability",
            "ops", "deploy", "infra", "infrastructure", "config");
    private static final Set<String> SKIP = Set.of(".git", "node_modules", "vendor", "target", "build", "dist");
    private static final int MAX_DEPTH = 6;
    private static final int MAX_FILES = 5_000;
    private static final long MAX_BYTES = 5L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitoringAudit() {
    }

    /**
     * @param metricsUrl     the probed endpoint without credentials or query (null: none configured)
     * @param metricsFrom    {@code audit.metrics-url} or {@code serve}
     * @param metricsStatus  its HTTP status, when it answered
     * @param metricsError   why it did not answer
     * @param dashboards     Grafana dashboard files with zerofail's uid or title, relative to the repository
     * @param alertRules     Prometheus rule files with zerofail's alerts
     */
    public record MonitoringFigures(String metricsUrl, String metricsFrom, Integer metricsStatus, String metricsError,
            boolean metricsReachable, List<String> dashboards, List<String> alertRules) {
        public MonitoringFigures {
            dashboards = List.copyOf(dashboards);
            alertRules = List.copyOf(alertRules);
        }
    }

    public static MonitoringFigures measure(Path dir, AuditConfig cfg, ConfigNode serve, MetricsProbe probe) {
        List<String> dashboards = new ArrayList<>();
        List<String> rules = new ArrayList<>();
        look(dir, dashboards, rules);
        URI url = cfg.metricsUrl();
        String from = "audit.metrics-url";
        if (url == null) {
            url = serveUrl(serve).orElse(null);
            from = "serve";
        }
        if (url == null) {
            return new MonitoringFigures(null, null, null, null, false, dashboards, rules);
        }
        MetricsProbe.Answer a = probe.get(url, TIMEOUT);
        // 401/403: it answers and a scrape with a token gets the figures (serve's /metrics needs one by default)
        boolean reachable = a.status() != null && (a.status() / 100 == 2 || a.status() == 401 || a.status() == 403);
        return new MonitoringFigures(shown(url.toString()), from, a.status(), a.error(), reachable, dashboards, rules);
    }

    /** serve's /metrics, only when the serve section sets bind or port: the defaults alone say nothing is served. */
    static Optional<URI> serveUrl(ConfigNode serve) {
        Optional<ConfigNode> bind = serve.get("bind");
        Optional<ConfigNode> port = serve.get("port");
        if (bind.isEmpty() && port.isEmpty()) {
            return Optional.empty();
        }
        String host = bind.map(n -> n.string().trim()).filter(h -> !h.isEmpty()).orElse("127.0.0.1");
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int p;
        try {
            p = port.map(n -> Integer.parseInt(n.string().trim())).orElse(8080);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (p <= 0 || p > 65535) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create("http://" + host + ":" + p + "/metrics"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A URL as it may be printed: no user info (a password), query or fragment (a token). */
    static String shown(String url) {
        String s = url.replaceAll("(?<=://)[^/@?#]*@", "");
        int cut = s.length();
        for (char c : new char[] {'?', '#'}) {
            int i = s.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        return s.substring(0, cut);
    }

    private static void look(Path dir, List<String> dashboards, List<String> rules) {
        List<Path> roots = new ArrayList<>();
        try (var top = Files.list(dir)) {
            top.filter(Files::isRegularFile).sorted().forEach(f -> examine(dir, f, dashboards, rules));
        } catch (IOException e) {
            return;
        }
        for (String place : PLACES) {
            Path p = dir.resolve(place);
            if (Files.isDirectory(p)) {
                roots.add(p);
            }
        }
        int[] seen = {0};
        for (Path root : roots) {
            try {
                Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        return SKIP.contains(d.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                                : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile() && ++seen[0] <= MAX_FILES) {
                            examine(dir, f, dashboards, rules);
                        }
                        return seen[0] > MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                // an unreadable folder is not monitoring; the others are still looked at
            }
        }
        dashboards.sort(null);
        rules.sort(null);
    }

    private static void examine(Path dir, Path f, List<String> dashboards, List<String> rules) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean json = name.endsWith(".json");
        boolean yaml = name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".rules");
        if (!json && !yaml) {
            return;
        }
        try {
            if (Files.size(f) > MAX_BYTES) {
                return;
            }
            String rel = dir.relativize(f).toString().replace('\\', '/');
            String text = Files.readString(f);
            if (json && isDashboard(text) && !dashboards.contains(rel)) {
                dashboards.add(rel);
            } else if (yaml && ALERT.matcher(text).find() && !rules.contains(rel)) {
                rules.add(rel);
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or not text: not an exported dashboard
        }
    }

    /** zerofail's dashboard as exported, or wrapped as Grafana's API returns it ({"dashboard": {...}}). */
    static boolean isDashboard(String text) {
        if (!text.contains(DASHBOARD_UID) && !text.contains(DASHBOARD_TITLE)) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(text);
            if (n != null && n.has("dashboard")) {
                n = n.get("dashboard");
            }
            return n != null && (DASHBOARD_UID.equals(n.path("uid").asText(null))
                    || DASHBOARD_TITLE.equals(n.path("title").asText(null)));
        } catch (IOException e) {
            return false;
        }
    }

    static final String EXPORT = "mkdir -p monitoring/grafana/dashboards monitoring/prometheus && zerofail dashboards export"
            + " --grafana monitoring/grafana/dashboards --prometheus-rules monitoring/prometheus/zerofail-rules.yml";

    /** Definition of done for monitoring: someone can see deploys go wrong without asking. */
    public static Scorecard.Section section(MonitoringFigures f) {
        List<String> parts = new ArrayList<>();
        parts.add(f.dashboards().isEmpty() ? "no zerofail dashboard" : "dashboard " + String.join(", ", f.dashboards()));
        parts.add(f.alertRules().isEmpty() ? "no zerofail alert rules" : "alert rules " + String.join(", ", f.alertRules()));
        if (f.metricsUrl() == null) {
            parts.add("no metrics endpoint configured (audit.metrics-url)");
        } else if (f.metricsStatus() != null) {
            parts.add(f.metricsUrl() + " answered " + f.metricsStatus()
                    + (f.metricsStatus() == 401 || f.metricsStatus() == 403 ? " (scrapes need a token)" : ""));
        } else {
            parts.add(f.metricsUrl() + " did not answer (" + f.metricsError() + ")");
        }
        boolean passed = f.metricsReachable() || !f.dashboards().isEmpty() || !f.alertRules().isEmpty();
        String fix = f.metricsUrl() == null ? EXPORT + "; or set audit.metrics-url to zerofail serve's /metrics"
                : EXPORT + "; or start zerofail serve so " + f.metricsUrl() + " answers";
        return new Scorecard.Section("Monitoring (dashboards)", List.of(new Scorecard.Check("monitoring.in-place",
                "A metrics endpoint answers, or zerofail's dashboard or alert rules are in the repository", passed,
                String.join("; ", parts), fix)));
    }
}
