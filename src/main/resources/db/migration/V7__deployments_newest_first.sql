-- The deployment pages (serve's /api/v1/deployments?env=&service=, the dashboard's recent deployments)
-- ask for one environment's or one service's newest rows by id. With only (environment, service,
-- started_at_ms) the database read every row of the environment and sorted them: a page cost grew
-- with the history (bench/results/serve.md). These read the newest rows in index order and stop at the limit.
CREATE INDEX deployments_by_environment_id ON deployments (environment, id);
CREATE INDEX deployments_by_service_id ON deployments (environment, service, id);
