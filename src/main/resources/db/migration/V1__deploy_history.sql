-- Runs unchanged on SQLite and PostgreSQL: only TEXT, INTEGER and BIGINT columns, times as
-- milliseconds since the epoch (UTC), booleans as 0/1. ${id_column} is the one thing the two
-- spell differently (JdbcHistoryStore sets it per database).

CREATE TABLE deployments (
    id                     ${id_column},
    environment            TEXT    NOT NULL,
    service                TEXT    NOT NULL,
    kind                   TEXT    NOT NULL,
    state                  TEXT    NOT NULL,
    actor                  TEXT    NOT NULL,
    reason                 TEXT,
    from_image             TEXT,
    to_image               TEXT,
    from_spec_fingerprint  TEXT,
    to_spec_fingerprint    TEXT,
    requested_spec         TEXT,
    previous_spec          TEXT,
    swarm_version_before   BIGINT,
    swarm_version_after    BIGINT,
    started_at_ms          BIGINT  NOT NULL,
    finished_at_ms         BIGINT,
    exit_code              INTEGER,
    error                  TEXT,
    emergency              INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX deployments_by_service ON deployments (environment, service, started_at_ms);
CREATE INDEX deployments_by_state ON deployments (state);

CREATE TABLE deploy_events (
    id             ${id_column},
    deployment_id  BIGINT NOT NULL REFERENCES deployments (id),
    at_ms          BIGINT NOT NULL,
    phase          TEXT   NOT NULL,
    message        TEXT
);
CREATE INDEX deploy_events_by_deployment ON deploy_events (deployment_id, at_ms);

CREATE TABLE gate_results (
    id             ${id_column},
    deployment_id  BIGINT  NOT NULL REFERENCES deployments (id),
    at_ms          BIGINT  NOT NULL,
    gate           TEXT    NOT NULL,
    target         TEXT,
    passed         INTEGER NOT NULL,
    detail         TEXT
);
CREATE INDEX gate_results_by_deployment ON gate_results (deployment_id, at_ms);

CREATE TABLE task_failures (
    id             ${id_column},
    deployment_id  BIGINT  NOT NULL REFERENCES deployments (id),
    task_id        TEXT    NOT NULL,
    error          TEXT,
    exit_code      INTEGER,
    at_ms          BIGINT  NOT NULL
);
CREATE INDEX task_failures_by_deployment ON task_failures (deployment_id, at_ms);

-- One row per held lock. SQLite: the lease says until when the holder is presumed alive (a daemon
-- thread renews it); PostgreSQL: the advisory lock is the lock, this row only names its holder.
-- token tells two holders with the same owner name apart.
CREATE TABLE deploy_locks (
    environment     TEXT   NOT NULL,
    service         TEXT   NOT NULL,
    owner           TEXT   NOT NULL,
    token           TEXT   NOT NULL,
    acquired_at_ms  BIGINT NOT NULL,
    lease_until_ms  BIGINT,
    PRIMARY KEY (environment, service)
);
