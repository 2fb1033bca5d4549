package dev.zerofail.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.HistoryStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timeline's hand-computed figures on SQLite; and the shape without a database. */
class TimelineTest extends TimelineContract {
    @TempDir
    Path dir;

    @Override
    protected HistoryStore open() {
        return HistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null);
    }

    @Test
    void withoutADatabaseEveryWeekIsEmpty() {
        TimelineResult r = Timeline.empty(new Timeline.Query("prod", null, AT, 2, null, BERLIN), "none", THRESHOLDS);
        assertThat(r.databaseExists()).isFalse();
        assertThat(r.weeks()).extracting(TimelineResult.Week::week).containsExactly("2026-W44", "2026-W45");
        assertThat(r.weeks()).allSatisfy(w -> assertThat(w.deploySuccessRate()).isNull());
    }
}
