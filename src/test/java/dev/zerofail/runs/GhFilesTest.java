package dev.zerofail.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerofail.history.HistoryStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs import --from-gh}: gh's own JSON (fixtures/runs/gh), a broken file among them. */
class GhFilesTest {
    static final Path FIXTURES = Path.of("src/test/resources/fixtures/runs/gh");

    @TempDir
    Path dir;
    HistoryStore history;
    JdbcRunStore store;
    final List<String> progress = new ArrayList<>();

    @BeforeEach
    void setUp() {
        history = HistoryStore.open("jdbc:sqlite:" + dir.resolve("history.db"), null, null);
        store = new JdbcRunStore(history.dataSource());
    }

    @AfterEach
    void tearDown() {
        history.close();
    }

    @Test
    void runsAttemptsJobsAndStepsFromGhJsonWithTheRepositoryFromTheUrls() {
        GhFiles files = new GhFiles(store, progress::add);
        RunsImportResult r = files.load(null, List.of(FIXTURES), "test");

        assertThat(r.filesRead()).isEqualTo(4);
        assertThat(r.filesSkipped()).isEqualTo(2);
        assertThat(files.warnings()).hasSize(2).anyMatch(w -> w.contains("truncated.json") && w.contains("not JSON"))
                .anyMatch(w -> w.contains("unrelated.json") && w.contains("neither a run list"));
        List<CiRun> runs = store.runs("acme/platform", null);
        assertThat(runs).extracting(x -> x.runId() + "#" + x.attempt() + " " + x.workflow() + " " + x.status() + " "
                + x.conclusion()).containsExactlyInAnyOrder("9001#1 CI completed failure", "9001#2 CI completed success",
                        "9002#1 Deploy completed failure", "9003#1 CI in_progress null");
        List<CiJob> jobs = store.jobs("acme/platform", null);
        // the gh run view file without an attempt belongs to the run's latest attempt (2)
        assertThat(jobs).extracting(j -> j.jobId() + " " + j.runId() + "#" + j.attempt() + " " + j.conclusion())
                .containsExactlyInAnyOrder("50001 9001#1 failure", "50011 9001#2 success", "50012 9001#2 skipped",
                        "50021 9002#1 timed_out");
        CiJob failed = jobs.stream().filter(j -> j.jobId() == 50001).findFirst().orElseThrow();
        assertThat(failed.duration()).isEqualTo(Duration.ofSeconds(170));
        assertThat(failed.steps()).extracting(s -> s.name() + " " + s.conclusion())
                .containsExactly("Set up job success", "Run tests failure");
        CiJob skipped = jobs.stream().filter(j -> j.jobId() == 50012).findFirst().orElseThrow();
        assertThat(skipped.startedAt()).isNull();
        assertThat(skipped.duration()).isZero();
    }

    @Test
    void loadingTheSameFilesAgainDuplicatesNothing() {
        new GhFiles(store, progress::add).load("acme/platform", List.of(FIXTURES), "test");
        new GhFiles(store, progress::add).load("acme/platform", List.of(FIXTURES), "test");
        assertThat(store.runs(null, null)).hasSize(4);
        assertThat(store.jobs(null, null)).hasSize(4);
    }

    @Test
    void aMissingFileIsAWarningNotAFailure() {
        GhFiles files = new GhFiles(store, progress::add);
        RunsImportResult r = files.load("acme/platform", List.of(dir.resolve("nope.json"),
                FIXTURES.resolve("run-list.json")), "test");
        assertThat(files.warnings()).singleElement().asString().contains("nope.json");
        assertThat(r.runsListed()).isEqualTo(3);
        assertThat(store.runs(null, Instant.parse("2026-11-21T00:00:00Z"))).hasSize(2);
    }
}
