-- GitHub Actions history for `zerofail runs` (see V1's header: TEXT, INTEGER and BIGINT only, times in
-- epoch milliseconds). Keys are GitHub's own ids, so importing the same run twice updates a row instead
-- of adding one: a run attempt is (repo, run_id, attempt), a job is (repo, job_id).

CREATE TABLE ci_runs (
    repo           TEXT    NOT NULL,
    run_id         BIGINT  NOT NULL,
    attempt        INTEGER NOT NULL,
    run_number     BIGINT,
    workflow_id    BIGINT,
    workflow       TEXT    NOT NULL,
    event          TEXT,
    branch         TEXT,
    head_sha       TEXT,
    status         TEXT,
    conclusion     TEXT,
    created_at_ms  BIGINT  NOT NULL,
    started_at_ms  BIGINT,
    updated_at_ms  BIGINT,
    url            TEXT,
    PRIMARY KEY (repo, run_id, attempt)
);
CREATE INDEX ci_runs_by_created ON ci_runs (repo, created_at_ms);

-- steps: a JSON array of {name, status, conclusion, number, startedAt, completedAt}; labels: the
-- runner labels joined by newlines (they decide the runner OS and size, hence the price).
CREATE TABLE ci_jobs (
    repo             TEXT    NOT NULL,
    job_id           BIGINT  NOT NULL,
    run_id           BIGINT  NOT NULL,
    attempt          INTEGER NOT NULL,
    name             TEXT    NOT NULL,
    status           TEXT,
    conclusion       TEXT,
    started_at_ms    BIGINT,
    completed_at_ms  BIGINT,
    labels           TEXT,
    runner_name      TEXT,
    steps            TEXT,
    url              TEXT,
    PRIMARY KEY (repo, job_id)
);
CREATE INDEX ci_jobs_by_run ON ci_jobs (repo, run_id, attempt);

-- The lines around each failure of a failed job's log, with secrets masked, gzip-compressed and then
-- base64-encoded (TEXT, so the same column type works on both databases).
CREATE TABLE ci_job_logs (
    repo        TEXT    NOT NULL,
    job_id      BIGINT  NOT NULL,
    lines       INTEGER NOT NULL,
    excerpt     TEXT    NOT NULL,
    PRIMARY KEY (repo, job_id)
);

-- The ETag of each API response whose content is fully stored: the next import asks with
-- If-None-Match and a 304 (free against the rate limit) means nothing changed.
CREATE TABLE ci_etags (
    repo      TEXT NOT NULL,
    request   TEXT NOT NULL,
    etag      TEXT NOT NULL,
    PRIMARY KEY (repo, request)
);
