package dev.zerofail.cli;

import dev.zerofail.core.ZerofailException;
import dev.zerofail.deploy.DeployOutcome;
import dev.zerofail.metrics.DeployMetrics;
import dev.zerofail.metrics.PushGateway;
import dev.zerofail.report.Versions;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --pushgateway URL} of deploy and rollback: after the outcome, each service's metrics from
 * the history store go to the Pushgateway. A push that fails is a warning: the deploy's outcome and
 * exit code stand.
 */
final class Pushes {
    private Pushes() {
    }

    static List<String> push(String url, DeploySetup setup, DeployOutcome outcome) {
        if (url == null) {
            return List.of();
        }
        PushGateway gateway = new PushGateway(url, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        List<String> warnings = new ArrayList<>();
        for (String service : outcome.services().stream().map(DeployOutcome.ServiceOutcome::service).distinct().toList()) {
            try {
                DeployMetrics m = DeployMetrics.forService(setup.ctx.store(), outcome.environment(), setup.ctx.env().stack(),
                        service, Versions.version(), Clock.systemUTC());
                gateway.push(outcome.environment(), service, m.scrape(List.of(), null));
            } catch (ZerofailException e) {
                warnings.add("metrics of " + service + " not pushed: " + e.getMessage());
            }
        }
        return warnings;
    }
}
