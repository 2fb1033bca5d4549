package dev.zerofail.report;

import dev.zerofail.core.ExitCode;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.DeployOutcome.ServiceOutcome;
import dev.zerofail.history.DeployKind;
import dev.zerofail.history.DeployState;
import java.util.ArrayList;
import java.util.List;

/** {@code zerofail deploy} and {@code rollback}: a line per service (recovered ones first), its failing tasks, what runs now. */
final class DeployView implements LineView<DeployOutcome> {
    @Override
    public Class<DeployOutcome> type() {
        return DeployOutcome.class;
    }

    @Override
    public List<String> lines(DeployOutcome o, Style style) {
        List<String> text = new ArrayList<>();
        for (ServiceOutcome s : o.recovered()) {
            text.add("recovered " + line(s));
        }
        for (ServiceOutcome s : o.services()) {
            text.add(line(s));
            if (s.drill() != null) {
                text.addAll(drill(s));
            }
            s.failures().forEach(f -> text.add("    failing task " + f.taskId() + (f.exitCode() == null ? "" : " exit " + f.exitCode())
                    + ": " + f.error()));
            if (s.exitCode() == ExitCode.ROLLBACK_FAILED || s.exitCode() == ExitCode.ROLLED_BACK || s.drill() != null) {
                text.add("    running now: " + s.runningNow());
            }
        }
        if (o.services().isEmpty()) {
            text.add("nothing deployed");
        }
        return text;
    }

    /** A drill's verdict and figures, and what a healthcheck added by the drill means for real failures. */
    private static List<String> drill(ServiceOutcome s) {
        DeployOutcome.Drill d = s.drill();
        List<String> out = new ArrayList<>();
        if (s.exitCode() == ExitCode.OK) {
            out.add("    drill passed: detected by " + d.detectedBy() + " " + ms(d.detectionMs()) + " after the first failed check; "
                    + "old version healthy again " + ms(d.restoreMs()) + " after the rollback started");
        } else if (s.state() == DeployState.ROLLED_BACK) {
            out.add("    drill FAILED: the failing variant was not detected; the old version was restored all the same"
                    + (d.restoreMs() == null ? "" : " (in " + ms(d.restoreMs()) + ")"));
        } else if (s.state() == DeployState.FAILED_PREFLIGHT) {
            out.add("    drill not run: nothing was changed");
        }
        if (d.healthcheck() == DeployOutcome.Drill.Healthcheck.ADDED) {
            out.add("    note: " + s.service() + " has no healthcheck of its own; the drill added one to fail it, so this proves the "
                    + "rollback, while a real bad release is caught only by its HTTP or Prometheus gates or a crash");
        }
        return out;
    }

    private static String ms(Long ms) {
        return ms == null ? "(unknown)" : ms + " ms";
    }

    /** {@code api: deployed and verified (a:1 → a:2, deployment 7, 5400 ms)}; shared with status's recovered services. */
    static String line(ServiceOutcome s) {
        String what = switch (s.state()) {
            case SUCCEEDED -> "deployed and verified";
            case NOOP -> "unchanged (no-op)";
            case ROLLED_BACK -> s.kind() == DeployKind.DRILL ? "drill rolled back; the old version is healthy"
                    : "FAILED and rolled back; the old version is healthy";
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
}
