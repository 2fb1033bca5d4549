package dev.zerofail.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps column: written as compact arrays, read in both that form and the objects earlier versions wrote. */
class JdbcRunStoreStepsTest {
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void stepsRoundTripAsArraysWithAwkwardNamesAndNulls() {
        List<CiStep> steps = List.of(new CiStep("Run \"tests\" \\ fast\n", "completed", "failure", 4, T, T.plusSeconds(9)),
                new CiStep("Deploy ✓", "queued", null, 5, null, null));
        String json = JdbcRunStore.stepsJson(steps);
        assertThat(json).startsWith("[[").doesNotContain("\"name\"");
        assertThat(JdbcRunStore.steps(json)).containsExactlyElementsOf(steps);
    }

    @Test
    void rowsWrittenAsObjectsByEarlierVersionsAreStillRead() {
        String old = "[{\"name\":\"Set up job\",\"status\":\"completed\",\"conclusion\":\"success\",\"number\":1,"
                + "\"startedAt\":" + T.toEpochMilli() + ",\"completedAt\":null,\"extra\":{\"a\":[1]}}]";
        assertThat(JdbcRunStore.steps(old)).containsExactly(new CiStep("Set up job", "completed", "success", 1, T, null));
    }

    @Test
    void aShortOrLongerArrayReadsWhatItHas() {
        assertThat(JdbcRunStore.steps("[[\"Build\",\"completed\"],[\"Test\",\"completed\",\"failure\",2,null,null,\"later\"]]"))
                .containsExactly(new CiStep("Build", "completed", null, 0, null, null),
                        new CiStep("Test", "completed", "failure", 2, null, null));
    }
}
