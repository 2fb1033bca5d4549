package dev.zerofail.history;

import dev.zerofail.core.Result;
import java.time.Instant;
import java.util.List;

/**
 * The result of {@code zerofail history} (docs/schemas/history.schema.json): the deployments a query
 * matched, newest first, or the one {@code --id} asked for, in full.
 *
 * @param database       the history database (its URL without credentials)
 * @param databaseExists false when nothing was ever recorded (no database yet)
 * @param query          the filters applied
 * @param count          deployments listed
 * @param more           whether older deployments match beyond {@code query.limit}
 */
public record HistoryPage(String database, boolean databaseExists, Query query, int count, boolean more,
        List<DeploymentRecord> deployments) implements Result {
    public HistoryPage {
        deployments = List.copyOf(deployments);
    }

    /** What was asked: {@code id} for one deployment, else the filters; {@code limit} 0 is no limit. */
    public record Query(Long id, String environment, String service, Instant since, Integer limit) {
    }

    public static HistoryPage empty(String database, Query query) {
        return new HistoryPage(database, false, query, 0, false, List.of());
    }

    public static HistoryPage list(String database, Query query, List<DeploymentDetail> shown, boolean more) {
        return new HistoryPage(database, true, query, shown.size(), more,
                shown.stream().map(d -> DeploymentRecord.of(d, false)).toList());
    }

    public static HistoryPage one(String database, Query query, DeploymentDetail d) {
        return new HistoryPage(database, true, query, 1, false, List.of(DeploymentRecord.of(d, true)));
    }
}
