package dev.zerofail.runs;

import dev.zerofail.history.HistoryStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The report's hand-computed figures on SQLite. */
class RunsReportTest extends RunsReportContract {
    @TempDir
    Path dir;

    @Override
    protected HistoryStore open() {
        return HistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null);
    }
}
