package dev.zerofail.runs;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where imported CI history lives: the {@code ci_*} tables of the history database (V5). Saving is an
 * upsert by GitHub's ids, so an import repeated or resumed after a failure never duplicates a run
 * attempt or a job.
 */
public interface RunStore {
    /** Run attempts and their jobs, in one transaction: a stored attempt always has its jobs. */
    void save(List<CiRun> attempts, List<CiJob> jobs);

    /** Of these attempts, the keys ({@link #key}) already stored with the same status and update time. */
    java.util.Set<String> current(String repo, Collection<CiRun> attempts);

    void saveLog(String repo, long jobId, int lines, String excerpt);

    Optional<String> etag(String repo, String request);

    void saveEtag(String repo, String request, String etag);

    /** Run attempts created at or after {@code since} (null: all), of one repository (null: all). */
    List<CiRun> runs(String repo, Instant since);

    /** The jobs of the runs {@link #runs} returns for the same arguments. */
    List<CiJob> jobs(String repo, Instant since);

    /** Stored log excerpts (masked lines) by job id, for these jobs. */
    Map<Long, List<String>> logs(String repo, Collection<Long> jobIds);

    /**
     * Successful deploys that carry the commit they deployed, for "push to successful deploy".
     * Empty with a reason when deploy records have no commit column yet.
     */
    DeployCommits deployCommits(Instant since);

    record DeployCommits(List<DeployCommit> deploys, String unavailableReason) {
        public DeployCommits {
            deploys = List.copyOf(deploys);
        }
    }

    record DeployCommit(String environment, String service, String commitSha, Instant finishedAt) {
    }

    static String key(long runId, int attempt) {
        return runId + "#" + attempt;
    }
}
