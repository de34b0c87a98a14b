-- Up Migration

-- Requests per user per minute, for the per-user API rate limit (every replica counts here, so
-- the limit holds across them). Unlogged: counts are worth no WAL and may be lost in a crash.
-- Windows older than two minutes are deleted by the hourly housekeeping job.
CREATE UNLOGGED TABLE app_data.api_request_counts (
  user_id uuid NOT NULL,
  window_start timestamptz NOT NULL,
  count int NOT NULL,
  PRIMARY KEY (user_id, window_start)
);

-- Down Migration
DROP TABLE app_data.api_request_counts;
