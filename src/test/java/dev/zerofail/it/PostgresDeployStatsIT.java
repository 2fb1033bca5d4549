package dev.zerofail.it;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.stats.DeployStatsContract;
import java.time.Clock;

/** The stats contract's hand-computed history on the real PostgreSQL, in a fresh schema per test. */
class PostgresDeployStatsIT extends DeployStatsContract {
    private PgSchema schema;

    @Override
    protected HistoryStore open() {
        schema = new PgSchema("stats_it");
        return schema.open(Clock.systemUTC());
    }

    @Override
    protected void dropDatabase() {
        if (schema != null) {
            schema.drop();
        }
    }
}
