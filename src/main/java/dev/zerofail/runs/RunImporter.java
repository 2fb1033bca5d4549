package dev.zerofail.runs;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Imports a repository's workflow runs from the REST API into the {@link RunStore}.
 *
 * <p>The run list answers at most 1,000 results per query, so the import asks one {@code created}
 * range at a time: calendar weeks (Monday 00:00 UTC), halved while a range reports more than 1,000.
 * Ranges are aligned so a later import asks the very same questions, and with the stored ETags most
 * of them come back 304 (which GitHub does not count against the rate limit).
 *
 * <p>Resuming: a run attempt is saved with all its jobs in one transaction (a page's worth at a time,
 * and what was fetched when a request fails for good), and a page's ETag is saved only once every
 * run on it is; an import stopped anywhere asks again for what it had not finished, skips attempts
 * already stored unchanged, and upserts the rest (no duplicates).
 */
public final class RunImporter {
    static final int PER_PAGE = 100;
    static final int CAP = 1000;

    private final GithubClient gh;
    private final RunStore store;
    private final LogExcerpts logs;
    private final Consumer<String> progress;

    private int slices;
    private int narrowed;
    private final List<String> truncated = new ArrayList<>();
    private int listed;
    private int unchanged;
    private int attemptsSaved;
    private int jobsSaved;
    private int logsSaved;

    /** {@code logs} null: no logs are downloaded. */
    public RunImporter(GithubClient gh, RunStore store, LogExcerpts logs, Consumer<String> progress) {
        this.gh = gh;
        this.store = store;
        this.logs = logs;
        this.progress = progress;
    }

    public record Request(String repo, Instant since, Instant now, String workflow) {
    }

    public RunsImportResult run(Request q, String database) throws InterruptedException {
        String base = "/repos/" + q.repo() + "/actions" + (q.workflow() == null ? ""
                : "/workflows/" + URLEncoder.encode(q.workflow(), StandardCharsets.UTF_8)) + "/runs";
        for (Instant[] week : weeks(q.since(), q.now())) {
            slice(q, base, week[0], week[1]);
        }
        GithubClient.Stats s = gh.stats();
        return new RunsImportResult(q.repo(), "api", database, q.since(), q.workflow(), slices, narrowed, truncated, listed,
                unchanged, attemptsSaved, jobsSaved, logsSaved, null, null, s.requests, s.notModified, s.retries,
                s.rateLimitWaits, s.waitedMs);
    }

    /** Newest week first, like the API's own order, so the recent history lands first. */
    static List<Instant[]> weeks(Instant since, Instant now) {
        Instant start = since.atZone(ZoneOffset.UTC).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Instant[]> out = new ArrayList<>();
        for (Instant w = start; !w.isAfter(now); w = w.plus(7, ChronoUnit.DAYS)) {
            out.add(new Instant[] {w, w.plus(7, ChronoUnit.DAYS)});
        }
        java.util.Collections.reverse(out);
        return out;
    }

    static String created(Instant from, Instant to) {
        return from.truncatedTo(ChronoUnit.SECONDS) + ".." + to.minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
    }

    private void slice(Request q, String base, Instant from, Instant to) throws InterruptedException {
        String created = created(from, to);
        String first = base + "?per_page=" + PER_PAGE + "&created=" + created;
        String key1 = "runs " + (q.workflow() == null ? "" : q.workflow() + " ") + created + " page ";
        String totalKey = key1 + "total";
        slices++;
        GithubClient.Page page = gh.page(first, store.etag(q.repo(), key1 + 1).orElse(null));
        int total;
        if (page.notModified()) {
            total = store.etag(q.repo(), totalKey).map(Integer::parseInt).orElse(0);
        } else {
            total = page.body().path("total_count").asInt();
        }
        if (total > CAP && Duration.between(from, to).getSeconds() > 1) {
            Instant mid = from.plusSeconds(Duration.between(from, to).getSeconds() / 2);
            narrowed++;
            progress.accept("runs import: " + created + " holds " + total + " runs (over the API's " + CAP
                    + "): halving it");
            slice(q, base, mid, to);
            slice(q, base, from, mid);
            return;
        }
        if (total > CAP) {
            truncated.add(created);
        }
        if (!page.notModified()) {
            store.saveEtag(q.repo(), totalKey, String.valueOf(total));
        }
        int pages = Math.max(1, Math.min(CAP / PER_PAGE, (total + PER_PAGE - 1) / PER_PAGE));
        for (int p = 1; p <= pages; p++) {
            if (p > 1) {
                URI next = page.next();
                String url = next != null ? next.toString() : first + "&page=" + p;
                page = gh.page(url, store.etag(q.repo(), key1 + p).orElse(null));
            }
            if (!page.notModified()) {
                runs(q, page.body().path("workflow_runs"));
                if (page.etag() != null) {
                    store.saveEtag(q.repo(), key1 + p, page.etag());
                }
                if (page.next() == null) {
                    break;
                }
            } else {
                int onPage = Math.max(0, Math.min(PER_PAGE, total - (p - 1) * PER_PAGE));
                listed += onPage;
                unchanged += onPage;
            }
        }
        progress.accept("runs import: " + created + ": " + total + " runs; " + attemptsSaved + " attempts, " + jobsSaved
                + " jobs saved so far");
    }

    private void runs(Request q, JsonNode list) throws InterruptedException {
        List<CiRun> latest = new ArrayList<>();
        list.forEach(n -> latest.add(RunJson.apiRun(q.repo(), n)));
        listed += latest.size();
        Set<String> current = store.current(q.repo(), latest);
        // one transaction per page, not per run (a commit per run was most of the time on SQLite); what was
        // fetched before a failure is still saved, so a resumed import asks only for the rest
        List<CiRun> attempts = new ArrayList<>();
        List<CiJob> jobs = new ArrayList<>();
        try {
            for (CiRun run : latest) {
                if (current.contains(RunStore.key(run.runId(), run.attempt()))) {
                    unchanged++;
                    continue;
                }
                List<CiRun> mine = new ArrayList<>();
                for (int a = 1; a < run.attempt(); a++) {
                    GithubClient.Page earlier = gh.page("/repos/" + q.repo() + "/actions/runs/" + run.runId()
                            + "/attempts/" + a, null);
                    mine.add(RunJson.apiRun(q.repo(), earlier.body()));
                }
                mine.add(run);
                List<CiJob> its = jobs(q.repo(), run.runId());
                attempts.addAll(mine);
                jobs.addAll(its);
            }
        } finally {
            store.save(attempts, jobs);
            attemptsSaved += attempts.size();
            jobsSaved += jobs.size();
        }
        if (logs != null) {
            logs(q.repo(), jobs);
        }
    }

    /** Every attempt's jobs ({@code filter=all}; the default is the latest attempt only). */
    private List<CiJob> jobs(String repo, long runId) throws InterruptedException {
        List<CiJob> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        String url = "/repos/" + repo + "/actions/runs/" + runId + "/jobs?filter=all&per_page=" + PER_PAGE;
        while (url != null) {
            GithubClient.Page page = gh.page(url, null);
            for (JsonNode j : page.body().path("jobs")) {
                CiJob job = RunJson.apiJob(repo, j);
                if (seen.add(job.jobId())) {
                    out.add(job.runId() == 0 ? new CiJob(repo, job.jobId(), runId, job.attempt(), job.name(), job.status(),
                            job.conclusion(), job.startedAt(), job.completedAt(), job.labels(), job.runnerName(),
                            job.steps(), job.url()) : job);
                }
            }
            url = page.next() == null ? null : page.next().toString();
        }
        return out;
    }

    private void logs(String repo, List<CiJob> jobs) throws InterruptedException {
        for (CiJob j : jobs) {
            if (!Outcomes.isFailure(j.conclusion())) {
                continue;
            }
            byte[] raw = gh.log("/repos/" + repo + "/actions/jobs/" + j.jobId() + "/logs");
            if (raw == null) {
                continue;
            }
            List<String> lines = logs.excerpt(new String(raw, StandardCharsets.UTF_8));
            store.saveLog(repo, j.jobId(), lines.size(), LogExcerpts.encode(lines));
            logsSaved++;
        }
    }
}
