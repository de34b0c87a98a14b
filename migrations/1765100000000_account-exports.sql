-- Up Migration

-- Downloads of everything an account holds, made by the account-export background job and kept
-- a day (housekeeping deletes them after). One queued or running per user at a time.
CREATE TABLE app_data.account_exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'ready', 'failed')),
  percent int NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
  message text NOT NULL DEFAULT 'Waiting for a worker' CHECK (length(message) <= 500),
  content text,
  size_bytes bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  expires_at timestamptz NOT NULL DEFAULT now() + interval '1 day'
);
CREATE INDEX account_exports_user_idx ON app_data.account_exports (user_id, created_at DESC);
CREATE UNIQUE INDEX account_exports_one_active
  ON app_data.account_exports (user_id) WHERE state IN ('queued', 'running');
CREATE INDEX account_exports_expiry_idx ON app_data.account_exports (expires_at);

-- Down Migration
DROP TABLE app_data.account_exports;
