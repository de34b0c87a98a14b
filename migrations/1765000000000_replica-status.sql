-- Up Migration

-- Each running process (app replica or worker) reports itself here every few seconds, for the
-- operations dashboard: version, start, and its figures of the last minute. A stopped process
-- deletes its row; one that died is left out once its report is a minute old, and removed by
-- housekeeping after an hour. Unlogged: reports are worth no WAL.
CREATE UNLOGGED TABLE app_data.replica_status (
  id text PRIMARY KEY CHECK (length(id) <= 300),
  role text NOT NULL CHECK (role IN ('app', 'worker')),
  version text NOT NULL CHECK (length(version) <= 100),
  started_at timestamptz NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now(),
  stats jsonb NOT NULL
);

-- Down Migration
DROP TABLE app_data.replica_status;
