package dev.zerofail.metrics;

import dev.zerofail.audit.AuditResult;
import dev.zerofail.core.Scorecard;
import dev.zerofail.deploy.Inspector;
import dev.zerofail.deploy.StatusResult;
import dev.zerofail.scan.ScanResult;
import dev.zerofail.scan.ScanStats;
import java.util.List;
import java.util.Map;

/** What a caller hands the metrics besides the store: Swarm's view of prod, and an audit. */
final class MetricsFixtures {
    private MetricsFixtures() {
    }

    /** prod: api 2 desired, 2 running, 2 healthy; web 3 desired, 3 running, 1 healthy. */
    static StatusResult status() {
        return new StatusResult("prod", List.of(
                new Inspector.ServiceStatus("api", "shop_api", true, "acme/api:2", 2, 2, 2, "completed", null, null),
                new Inspector.ServiceStatus("web", "shop_web", true, "acme/web:7", 3, 3, 1, "completed", null, null)), List.of());
    }

    /** Two checks (one failed), {@code placeholders} placeholder secrets, no workflows, no compose file. */
    static AuditResult audit(long placeholders) {
        Scorecard card = new Scorecard(List.of(new Scorecard.Section("secrets", List.of(
                new Scorecard.Check("no-placeholder-secrets", "no placeholder values", placeholders == 0, "", ""),
                new Scorecard.Check("manifest-complete", "every secret in the manifest", true, "", "")))));
        ScanResult scan = new ScanResult(placeholders, placeholders, 0, Map.of(), null, 10,
                new ScanStats(1, 1, 0, 0, 0, 0, 0, 0, 1));
        return new AuditResult(card, scan, null, null, null, null);
    }
}
