-- Which process holds a lock (pid and host name), so a deploy killed with -9 does not keep its
-- lock for a whole lease: the next command on the same host sees that the pid is gone and takes
-- the lock over at once. Null in rows written before this migration (the lease rule applies).
ALTER TABLE deploy_locks ADD COLUMN pid BIGINT;
ALTER TABLE deploy_locks ADD COLUMN host TEXT;
