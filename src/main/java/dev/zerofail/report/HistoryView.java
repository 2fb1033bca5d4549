package dev.zerofail.report;

import dev.zerofail.history.DeploymentRecord;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.HistoryPage;
import dev.zerofail.history.TaskFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code zerofail history}: a block per deployment; with {@code --id} also the spec versions, the timeline and every gate. */
final class HistoryView implements LineView<HistoryPage> {
    @Override
    public Class<HistoryPage> type() {
        return HistoryPage.class;
    }

    @Override
    public List<String> lines(HistoryPage page, Style style) {
        List<String> text = new ArrayList<>();
        if (!page.databaseExists()) {
            text.add("No deployments recorded yet (" + page.database() + ").");
            return text;
        }
        if (page.query().id() != null) {
            page.deployments().forEach(d -> detail(d, text));
            return text;
        }
        if (page.deployments().isEmpty()) {
            text.add("No deployments match.");
        }
        page.deployments().forEach(d -> block(d, text));
        if (page.more()) {
            text.add("… older deployments not shown; --limit 0 shows all");
        }
        return text;
    }

    private static void detail(DeploymentRecord x, List<String> text) {
        block(x, text);
        text.add("    swarm version: " + orDash(x.swarmVersionBefore()) + " → " + orDash(x.swarmVersionAfter()));
        text.add("    requested spec: " + size(x.requestedSpec()) + ", previous spec: " + size(x.previousSpec())
                + " (in full with --format json)");
        text.add("    timeline:");
        List<DeploymentRecord.Event> events = x.events() == null ? List.of() : x.events();
        for (DeploymentRecord.Event e : events) {
            text.add("      " + e.at() + "  +" + secs(Duration.between(x.startedAt(), e.at()).toMillis()) + "  " + e.phase()
                    + (e.message() == null ? "" : "  " + e.message()));
        }
        if (events.isEmpty()) {
            text.add("      (no events recorded)");
        }
        if (x.gates() != null && !x.gates().isEmpty()) {
            text.add("    gates:");
            for (GateResult g : x.gates()) {
                text.add("      " + g.at() + "  " + (g.passed() ? "pass" : "FAIL") + "  " + g.gate()
                        + (g.target() == null ? "" : " " + g.target()) + (g.detail() == null ? "" : ": " + g.detail()));
            }
        }
    }

    private static void block(DeploymentRecord x, List<String> out) {
        out.add("#" + x.id() + "  " + x.environment() + "/" + x.service() + "  " + x.kind() + "  " + x.state()
                + (x.exitCode() == null ? "" : "  exit " + x.exitCode()) + (x.emergency() ? "  EMERGENCY" : "")
                + "  " + x.startedAt() + "  by " + x.actor() + (x.durationMs() == null ? "" : "  (" + secs(x.durationMs()) + ")"));
        if (x.reason() != null) {
            out.add("    why: " + x.reason());
        }
        out.add("    image: " + orDash(x.fromImage()) + " → " + orDash(x.toImage()) + "   spec: "
                + orDash(x.fromSpecFingerprint()) + " → " + orDash(x.toSpecFingerprint()));
        if (x.phases() != null && !x.phases().isEmpty()) {
            out.add("    phases: " + String.join(", ", x.phases().stream().map(p -> p.phase() + " "
                    + (p.durationMs() == null ? "(running)" : secs(p.durationMs()))).toList()));
        }
        if (x.gates() != null && !x.gates().isEmpty()) {
            List<GateResult> failed = x.gates().stream().filter(g -> !g.passed()).toList();
            StringBuilder g = new StringBuilder("    gates: " + (x.gates().size() - failed.size()) + " passed, " + failed.size()
                    + " failed");
            for (GateResult f : failed) {
                g.append("; ").append(f.gate()).append(f.target() == null ? "" : " " + f.target())
                        .append(f.detail() == null ? "" : ": " + f.detail());
            }
            out.add(g.toString());
        }
        if (x.failedTasks() != null) {
            for (TaskFailure f : x.failedTasks()) {
                out.add("    failed task " + f.taskId() + (f.exitCode() == null ? "" : " (exit " + f.exitCode() + ")")
                        + (f.error() == null ? "" : ": " + f.error()));
            }
        }
        if (x.error() != null) {
            out.add("    error: " + x.error());
        }
    }

    private static String orDash(Object v) {
        return v == null ? "-" : v.toString();
    }

    private static String size(String spec) {
        return spec == null ? "none" : spec.length() + " chars";
    }

    /** 4.0 s, or 2m05s from a minute on. */
    static String secs(long ms) {
        return dev.zerofail.core.Durations.elapsed(java.time.Duration.ofMillis(ms));
    }
}
