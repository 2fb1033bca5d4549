package dev.zerofail.cli;

import dev.zerofail.core.Report;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.history.Deployment;
import dev.zerofail.history.GateResult;
import dev.zerofail.history.TaskFailure;
import dev.zerofail.report.TextReporter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Deploy, rollback, verify and status results as reports: lines for people, the outcome document for --format json. */
final class DeployReports {
    private DeployReports() {
    }

    static Report outcome(DeployOutcome o, String root) {
        List<String> text = new ArrayList<>();
        for (DeployOutcome.ServiceOutcome s : o.recovered()) {
            text.add("recovered " + line(s));
        }
        for (DeployOutcome.ServiceOutcome s : o.services()) {
            text.add(line(s));
            s.failures().forEach(f -> text.add("    failing task " + f.taskId() + (f.exitCode() == null ? "" : " exit " + f.exitCode())
                    + ": " + f.error()));
            if (s.exitCode() == dev.zerofail.core.ExitCode.ROLLBACK_FAILED || s.exitCode() == dev.zerofail.core.ExitCode.ROLLED_BACK) {
                text.add("    running now: " + s.runningNow());
            }
        }
        if (o.services().isEmpty()) {
            text.add("nothing deployed");
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(TextReporter.NARRATIVE, text);
        summary.put("environment", o.environment());
        summary.put("exitCode", o.exitCode());
        summary.put("services", o.services().stream().map(DeployReports::service).toList());
        summary.put("recovered", o.recovered().stream().map(DeployReports::service).toList());
        return Report.of(o.command(), root, List.of(), summary, List.of());
    }

    private static String line(DeployOutcome.ServiceOutcome s) {
        String what = switch (s.state()) {
            case SUCCEEDED -> "deployed and verified";
            case NOOP -> "unchanged (no-op)";
            case ROLLED_BACK -> "FAILED and rolled back; the old version is healthy";
            case ROLLBACK_FAILED -> "FAILED and the ROLLBACK FAILED: a person must act";
            case FAILED_PREFLIGHT -> "stopped by a pre-flight gate; nothing changed";
            case INTERRUPTED -> "interrupted before any change";
            case RUNNING -> "still running";
        };
        String images = s.fromImage() == null ? s.toImage() : s.fromImage() + " → " + s.toImage();
        return s.service() + ": " + what + " (" + images + ", deployment " + s.deploymentId() + ", "
                + s.phasesMs().values().stream().reduce((a, b) -> b).orElse(0L) + " ms)"
                + (s.message() == null ? "" : "\n    " + s.message());
    }

    private static Map<String, Object> service(DeployOutcome.ServiceOutcome s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("service", s.service());
        m.put("deployment", s.deploymentId());
        m.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        m.put("state", s.state().name().toLowerCase(Locale.ROOT));
        m.put("exitCode", s.exitCode());
        m.put("fromImage", s.fromImage());
        m.put("toImage", s.toImage());
        m.put("message", s.message());
        m.put("phasesMs", s.phasesMs());
        m.put("gates", s.gates().stream().map(DeployReports::gate).toList());
        m.put("failures", s.failures().stream().map(DeployReports::failure).toList());
        m.put("runningNow", s.runningNow());
        return m;
    }

    private static Map<String, Object> gate(GateResult g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", g.at().toString());
        m.put("gate", g.gate());
        m.put("target", g.target());
        m.put("passed", g.passed());
        m.put("detail", g.detail());
        return m;
    }

    private static Map<String, Object> failure(TaskFailure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", f.taskId());
        m.put("error", f.error());
        m.put("exitCode", f.exitCode());
        m.put("at", f.at().toString());
        return m;
    }

    static Report verify(String environment, List<Inspector.Check> checks, String root) {
        List<String> text = new ArrayList<>();
        for (Inspector.Check c : checks) {
            text.add((c.passed() ? "✔ " : "✘ ") + c.service() + " " + c.gate() + " [" + c.replica() + "]: " + c.detail());
        }
        long failed = checks.stream().filter(c -> !c.passed()).count();
        text.add(failed == 0 ? "all gates pass" : failed + " gate(s) failed");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(TextReporter.NARRATIVE, text);
        summary.put("environment", environment);
        summary.put("failed", failed);
        summary.put("checks", checks.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", c.service());
            m.put("gate", c.gate());
            m.put("replica", c.replica());
            m.put("passed", c.passed());
            m.put("detail", c.detail());
            return m;
        }).toList());
        return Report.of("verify", root, List.of(), summary, List.of());
    }

    static Report status(String environment, List<Inspector.ServiceStatus> services, List<DeployOutcome.ServiceOutcome> recovered,
            String root) {
        List<String> text = new ArrayList<>();
        recovered.forEach(r -> text.add("recovered " + line(r)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Inspector.ServiceStatus s : services) {
            String last = s.last() == null ? "never deployed by zerofail" : "last: " + describe(s.last());
            text.add(s.service() + " (" + s.swarmName() + "): " + (s.deployed() ? s.image() + ", " + s.running() + "/" + s.desired()
                    + " running, " + s.healthy() + " healthy" + (s.updateState() == null ? "" : ", update " + s.updateState())
                    : "not deployed") + "; " + last + (s.inProgress() == null ? "" : "; IN PROGRESS: " + describe(s.inProgress())));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", s.service());
            m.put("swarmName", s.swarmName());
            m.put("deployed", s.deployed());
            m.put("image", s.image());
            m.put("desired", s.desired());
            m.put("running", s.running());
            m.put("healthy", s.healthy());
            m.put("updateState", s.updateState());
            m.put("last", s.last() == null ? null : describe(s.last()));
            m.put("inProgress", s.inProgress() == null ? null : describe(s.inProgress()));
            rows.add(m);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(TextReporter.NARRATIVE, text);
        summary.put("environment", environment);
        summary.put("services", rows);
        return Report.of("status", root, List.of(), summary, List.of());
    }

    private static String describe(Deployment d) {
        return "#" + d.id() + " " + d.kind().name().toLowerCase(Locale.ROOT) + " " + d.state().name().toLowerCase(Locale.ROOT)
                + " " + d.toImage() + " by " + d.actor() + " at " + d.startedAt() + (d.emergency() ? " (EMERGENCY)" : "");
    }
}
