package dev.zerofail.report;

import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.history.DeploymentRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code zerofail status}: recovered deployments, then a line per service with its last and running deployment. */
final class StatusView implements LineView<StatusResult> {
    @Override
    public Class<StatusResult> type() {
        return StatusResult.class;
    }

    @Override
    public List<String> lines(StatusResult r, Style style) {
        List<String> text = new ArrayList<>();
        for (DeployOutcome.ServiceOutcome s : r.recovered()) {
            text.add("recovered " + DeployView.line(s));
        }
        for (Inspector.ServiceStatus s : r.services()) {
            String last = s.last() == null ? "never deployed by zerofail" : "last: " + describe(s.last());
            text.add(s.service() + " (" + s.swarmName() + "): " + (s.deployed() ? s.image() + ", " + s.running() + "/" + s.desired()
                    + " running, " + s.healthy() + " healthy" + (s.updateState() == null ? "" : ", update " + s.updateState())
                    : "not deployed") + "; " + last + (s.inProgress() == null ? "" : "; IN PROGRESS: " + describe(s.inProgress())));
        }
        return text;
    }

    private static String describe(DeploymentRecord d) {
        return "#" + d.id() + " " + d.kind().name().toLowerCase(Locale.ROOT) + " " + d.state().name().toLowerCase(Locale.ROOT)
                + " " + d.toImage() + " by " + d.actor() + " at " + d.startedAt() + (d.emergency() ? " (EMERGENCY)" : "");
    }
}
