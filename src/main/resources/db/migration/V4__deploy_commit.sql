-- The commit a deploy shipped (zerofail deploy --commit SHA, default GITHUB_SHA) and that commit's
-- committer time when the repository has it, for change lead time (docs/stats.md). Both null when
-- unknown, as in every row written before this migration.
ALTER TABLE deployments ADD COLUMN commit_sha TEXT;
ALTER TABLE deployments ADD COLUMN commit_at_ms BIGINT;
