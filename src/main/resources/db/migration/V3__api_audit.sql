-- Every state-changing request to `zerofail serve`: who (the token's name and role, never the
-- token), what (method, path and a summary of the request without secret values), the answer's
-- status and when. Same types as V1 so it runs unchanged on SQLite and PostgreSQL.
CREATE TABLE api_audit (
    id          ${id_column},
    token_name  TEXT,
    role        TEXT,
    method      TEXT    NOT NULL,
    path        TEXT    NOT NULL,
    summary     TEXT,
    status      INTEGER NOT NULL,
    at_ms       BIGINT  NOT NULL
);
CREATE INDEX api_audit_by_time ON api_audit (at_ms);
