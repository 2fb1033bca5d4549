package dev.zerofail.it;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.timeline.TimelineContract;
import java.time.Clock;

/** The timeline's hand-computed figures and the audit snapshots (V6) on the real PostgreSQL, a fresh schema per test. */
class PostgresTimelineIT extends TimelineContract {
    private PgSchema schema;

    @Override
    protected HistoryStore open() {
        schema = new PgSchema("timeline_it");
        return schema.open(Clock.systemUTC());
    }

    @Override
    protected void dropDatabase() {
        if (schema != null) {
            schema.drop();
        }
    }
}
