package dev.zerofail.stats;

import dev.zerofail.history.HistoryStore;
import dev.zerofail.history.JdbcHistoryStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The stats contract on SQLite. */
class DeployStatsTest extends DeployStatsContract {
    @TempDir
    Path dir;

    @Override
    protected HistoryStore open() {
        return JdbcHistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null, Clock.systemUTC(),
                JdbcHistoryStore.DEFAULT_LEASE);
    }
}
