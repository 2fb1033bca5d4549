package dev.zerofail.it;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.runs.RunsReportContract;
import java.time.Clock;

/** The runs report's hand-computed figures on the real PostgreSQL (V5's tables, upserts, typed nulls), a fresh schema per test. */
class PostgresRunsReportIT extends RunsReportContract {
    private PgSchema schema;

    @Override
    protected HistoryStore open() {
        schema = new PgSchema("runs_it");
        return schema.open(Clock.systemUTC());
    }

    @Override
    protected void dropDatabase() {
        if (schema != null) {
            schema.drop();
        }
    }
}
