package dev.zerofail.report;

import dev.zerofail.core.ExitCode;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.DeployOutcome.ServiceOutcome;
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
            s.failures().forEach(f -> text.add("    failing task " + f.taskId() + (f.exitCode() == null ? "" : " exit " + f.exitCode())
                    + ": " + f.error()));
            if (s.exitCode() == ExitCode.ROLLBACK_FAILED || s.exitCode() == ExitCode.ROLLED_BACK) {
                text.add("    running now: " + s.runningNow());
            }
        }
        if (o.services().isEmpty()) {
            text.add("nothing deployed");
        }
        return text;
    }

    /** {@code api: deployed and verified (a:1 → a:2, deployment 7, 5400 ms)}; shared with status's recovered services. */
    static String line(ServiceOutcome s) {
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
}
