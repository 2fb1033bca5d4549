-- What `zerofail audit --record` keeps of each audit, for the week-by-week timeline (see V1's header:
-- TEXT, INTEGER and BIGINT only, times in epoch milliseconds, booleans as 0/1). Only counts and check
-- ids: never a finding's value, path or message, so no secret can reach these rows.

CREATE TABLE audit_snapshots (
    id                   ${id_column},
    recorded_at_ms       BIGINT  NOT NULL,
    environment          TEXT    NOT NULL,
    tool_version         TEXT,
    passed               INTEGER NOT NULL,
    placeholder_secrets  INTEGER NOT NULL,
    hardcoded_secrets    INTEGER NOT NULL,
    active_workflows     INTEGER NOT NULL,
    compose_files        INTEGER NOT NULL,
    manual_steps         INTEGER NOT NULL,
    findings             INTEGER NOT NULL,
    unknown_secrets      INTEGER NOT NULL
);
CREATE INDEX audit_snapshots_by_time ON audit_snapshots (environment, recorded_at_ms);

-- One row per scorecard check: passed and measured as 0/1 (a check with nothing to measure is neither).
CREATE TABLE audit_snapshot_checks (
    snapshot_id  BIGINT  NOT NULL REFERENCES audit_snapshots (id),
    check_id     TEXT    NOT NULL,
    passed       INTEGER NOT NULL,
    measured     INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, check_id)
);
