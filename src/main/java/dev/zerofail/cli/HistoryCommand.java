package dev.zerofail.cli;

import dev.zerofail.core.ExitCode;
import dev.zerofail.core.Report;
import dev.zerofail.core.ZerofailConfig;
import dev.zerofail.core.ZerofailException;
import dev.zerofail.history.DeployEvent;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.DeploymentDetail;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryConfig;
import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.TaskFailure;
import dev.zerofail.report.TextReporter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Every recorded deploy and rollback, newest first: who and why, kind and outcome, images and "
                + "spec fingerprints before and after, time spent in each phase, health gate results, and failing "
                + "tasks with their error and exit code. --id shows one deployment with its full event timeline.",
            "Reads the history database named in zerofail.yaml (history.url; default .zerofail/history.db)."})
public final class HistoryCommand extends ReportCommand {
    static final int DEFAULT_LIMIT = 50;
    private static final Pattern RELATIVE = Pattern.compile("(\\d+)\\s*([mhdw])");

    @Mixin
    RepositoryDir repository = new RepositoryDir();

    @Option(names = "--env", paramLabel = "ENV", description = "only this environment")
    String environment;

    @Option(names = "--service", paramLabel = "SERVICE", description = "only this service")
    String service;

    @Option(names = "--since", paramLabel = "WHEN", description = "only deployments started since a date "
            + "(2026-11-01), an instant (2026-11-01T12:00:00Z) or a time ago (30m, 12h, 7d, 2w)")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "at most N deployments (default: "
            + DEFAULT_LIMIT + "; 0: all)")
    int limit = DEFAULT_LIMIT;

    @Option(names = "--id", paramLabel = "N", description = "one deployment in full, with its event timeline")
    Long id;

    @Override
    public Integer call() {
        Path root = repository.root();
        Instant from = since == null ? null : parseSince(since, Instant.now());
        if (limit < 0) {
            throw ZerofailException.usage("--limit", "expected 0 or more, got " + limit, "0 shows every deployment");
        }
        HistoryConfig cfg = HistoryConfig.from(ZerofailConfig.load(root, config).section("history"));
        if (!cfg.exists(root)) {
            emit(HistoryReports.empty(root, cfg.describe(root)));
            return ExitCode.OK.code();
        }
        try (HistoryStore store = cfg.open(root, System.getenv())) {
            if (id != null) {
                Deployment d = store.get(id).orElseThrow(() -> ZerofailException.usage("--id",
                        "no deployment " + id + " in " + cfg.describe(root), "run zerofail history to list them"));
                emit(HistoryReports.detail(root, DeploymentDetail.load(store, d)));
            } else {
                List<Deployment> found = store.list(environment, service, from, limit == 0 ? 0 : limit + 1);
                boolean more = limit > 0 && found.size() > limit;
                List<DeploymentDetail> shown = found.stream().limit(limit == 0 ? Long.MAX_VALUE : limit)
                        .map(d -> DeploymentDetail.load(store, d)).toList();
                emit(HistoryReports.list(root, shown, more));
            }
        }
        return ExitCode.OK.code();
    }

    /** A date (midnight UTC), an instant, or a time ago: 30m, 12h, 7d, 2w. */
    static Instant parseSince(String text, Instant now) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            // not a date; maybe an instant
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ZerofailException.usage("--since", "expected a date (2026-11-01), an instant (2026-11-01T12:00:00Z) "
                    + "or a time ago (30m, 12h, 7d, 2w), got '" + text + "'", "for example --since 7d");
        }
    }

    /** The lines and the JSON document of a history query. */
    static final class HistoryReports {
        private HistoryReports() {
        }

        static Report empty(Path root, String where) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put(TextReporter.NARRATIVE, List.of("No deployments recorded yet (" + where + ")."));
            summary.put("database", where);
            summary.put("deployments", List.of());
            return Report.of("history", root.toString(), List.of(), summary, List.of());
        }

        static Report list(Path root, List<DeploymentDetail> shown, boolean more) {
            List<String> text = new ArrayList<>();
            if (shown.isEmpty()) {
                text.add("No deployments match.");
            }
            for (DeploymentDetail d : shown) {
                text.addAll(block(d));
            }
            if (more) {
                text.add("… older deployments not shown; --limit 0 shows all");
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put(TextReporter.NARRATIVE, text);
            summary.put("count", shown.size());
            summary.put("more", more);
            summary.put("deployments", shown.stream().map(d -> json(d, false)).toList());
            return Report.of("history", root.toString(), List.of(), summary, List.of());
        }

        static Report detail(Path root, DeploymentDetail d) {
            List<String> text = new ArrayList<>(block(d));
            Deployment x = d.deployment();
            text.add("    swarm version: " + orDash(x.swarmVersionBefore()) + " → " + orDash(x.swarmVersionAfter()));
            text.add("    requested spec: " + size(x.requestedSpecJson()) + ", previous spec: "
                    + size(x.previousSpecJson()) + " (in full with --format json)");
            text.add("    timeline:");
            for (DeployEvent e : d.events()) {
                text.add("      " + e.at() + "  +" + secs(Duration.between(x.startedAt(), e.at())) + "  " + e.phase()
                        + (e.message() == null ? "" : "  " + e.message()));
            }
            if (d.events().isEmpty()) {
                text.add("      (no events recorded)");
            }
            if (!d.gates().isEmpty()) {
                text.add("    gates:");
                for (GateResult g : d.gates()) {
                    text.add("      " + g.at() + "  " + (g.passed() ? "pass" : "FAIL") + "  " + g.gate()
                            + (g.target() == null ? "" : " " + g.target()) + (g.detail() == null ? "" : ": " + g.detail()));
                }
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put(TextReporter.NARRATIVE, text);
            summary.put("deployment", json(d, true));
            return Report.of("history", root.toString(), List.of(), summary, List.of());
        }

        private static List<String> block(DeploymentDetail d) {
            Deployment x = d.deployment();
            List<String> out = new ArrayList<>();
            Duration took = d.duration();
            out.add("#" + x.id() + "  " + x.environment() + "/" + x.service() + "  " + x.kind() + "  " + x.state()
                    + (x.exitCode() == null ? "" : "  exit " + x.exitCode()) + (x.emergency() ? "  EMERGENCY" : "")
                    + "  " + x.startedAt() + "  by " + x.actor() + (took == null ? "" : "  (" + secs(took) + ")"));
            if (x.reason() != null && !x.reason().isBlank()) {
                out.add("    why: " + x.reason());
            }
            out.add("    image: " + orDash(x.fromImage()) + " → " + orDash(x.toImage()) + "   spec: "
                    + orDash(x.fromSpecFingerprint()) + " → " + orDash(x.toSpecFingerprint()));
            List<DeploymentDetail.Phase> phases = d.phases();
            if (!phases.isEmpty()) {
                out.add("    phases: " + String.join(", ", phases.stream().map(p -> p.name() + " "
                        + (p.duration() == null ? "(running)" : secs(p.duration()))).toList()));
            }
            if (!d.gates().isEmpty()) {
                StringBuilder g = new StringBuilder("    gates: " + d.gatesPassed() + " passed, " + d.gatesFailed().size()
                        + " failed");
                for (GateResult f : d.gatesFailed()) {
                    g.append("; ").append(f.gate()).append(f.target() == null ? "" : " " + f.target())
                            .append(f.detail() == null ? "" : ": " + f.detail());
                }
                out.add(g.toString());
            }
            for (TaskFailure f : d.failures()) {
                out.add("    failed task " + f.taskId() + (f.exitCode() == null ? "" : " (exit " + f.exitCode() + ")")
                        + (f.error() == null ? "" : ": " + f.error()));
            }
            if (x.error() != null && !x.error().isBlank()) {
                out.add("    error: " + x.error());
            }
            return out;
        }

        private static Map<String, Object> json(DeploymentDetail d, boolean full) {
            Deployment x = d.deployment();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", x.id());
            m.put("environment", x.environment());
            m.put("service", x.service());
            m.put("kind", x.kind().name().toLowerCase(Locale.ROOT));
            m.put("state", x.state().name().toLowerCase(Locale.ROOT));
            m.put("emergency", x.emergency());
            put(m, "actor", x.actor());
            put(m, "reason", x.reason());
            put(m, "fromImage", x.fromImage());
            put(m, "toImage", x.toImage());
            put(m, "fromSpecFingerprint", x.fromSpecFingerprint());
            put(m, "toSpecFingerprint", x.toSpecFingerprint());
            put(m, "swarmVersionBefore", x.swarmVersionBefore());
            put(m, "swarmVersionAfter", x.swarmVersionAfter());
            put(m, "startedAt", str(x.startedAt()));
            put(m, "finishedAt", str(x.finishedAt()));
            put(m, "durationMillis", d.duration() == null ? null : d.duration().toMillis());
            put(m, "exitCode", x.exitCode());
            put(m, "error", x.error());
            m.put("phases", d.phases().stream().map(p -> {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("phase", p.name());
                pm.put("startedAt", p.start().toString());
                put(pm, "durationMillis", p.duration() == null ? null : p.duration().toMillis());
                return pm;
            }).toList());
            m.put("gates", d.gates().stream().map(g -> {
                Map<String, Object> gm = new LinkedHashMap<>();
                gm.put("at", g.at().toString());
                gm.put("gate", g.gate());
                put(gm, "target", g.target());
                gm.put("passed", g.passed());
                put(gm, "detail", g.detail());
                return gm;
            }).toList());
            m.put("failedTasks", d.failures().stream().map(f -> {
                Map<String, Object> fm = new LinkedHashMap<>();
                fm.put("taskId", f.taskId());
                put(fm, "error", f.error());
                put(fm, "exitCode", f.exitCode());
                fm.put("at", f.at().toString());
                return fm;
            }).toList());
            if (full) {
                m.put("events", d.events().stream().map(e -> {
                    Map<String, Object> em = new LinkedHashMap<>();
                    em.put("at", e.at().toString());
                    em.put("phase", e.phase());
                    put(em, "message", e.message());
                    return em;
                }).toList());
                put(m, "requestedSpec", x.requestedSpecJson());
                put(m, "previousSpec", x.previousSpecJson());
            }
            return m;
        }

        private static void put(Map<String, Object> m, String key, Object value) {
            if (value != null) {
                m.put(key, value);
            }
        }

        private static String str(Instant t) {
            return t == null ? null : t.toString();
        }

        private static String orDash(Object v) {
            return v == null ? "-" : v.toString();
        }

        private static String size(String spec) {
            return spec == null ? "none" : spec.length() + " chars";
        }

        static String secs(Duration d) {
            long ms = d.toMillis();
            return ms < 60_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0)
                    : String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
        }
    }
}
