-- Up Migration

-- CSV files uploaded for import, kept a day for the review (housekeeping deletes them after;
-- a commit deletes its file at once).
CREATE TABLE app_data.import_uploads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  portfolio_id uuid NOT NULL,
  file_name text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  content bytea NOT NULL CHECK (length(content) <= 10485760),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL DEFAULT now() + interval '1 day',
  FOREIGN KEY (portfolio_id, user_id) REFERENCES app_data.user_portfolios (id, user_id)
    ON DELETE CASCADE
);
CREATE INDEX import_uploads_user_idx ON app_data.import_uploads (user_id, created_at DESC);
CREATE INDEX import_uploads_expiry_idx ON app_data.import_uploads (expires_at);

-- Each commit of an import: the file, the preset, what it added and left out, and whether it
-- was undone (the run stays, as a record).
CREATE TABLE app_data.import_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  portfolio_id uuid NOT NULL,
  file_name text NOT NULL,
  preset text NOT NULL,
  rows int NOT NULL CHECK (rows >= 0),
  imported int NOT NULL CHECK (imported >= 0),
  duplicates int NOT NULL CHECK (duplicates >= 0),
  invalid int NOT NULL CHECK (invalid >= 0),
  excluded int NOT NULL CHECK (excluded >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  undone_at timestamptz,
  FOREIGN KEY (portfolio_id, user_id) REFERENCES app_data.user_portfolios (id, user_id)
    ON DELETE CASCADE
);
CREATE INDEX import_runs_portfolio_idx ON app_data.import_runs (portfolio_id, created_at DESC);

-- Which import added an activity, and the id its file gave it (what a second import of the
-- same file recognises it by).
ALTER TABLE app_data.user_transactions
  ADD COLUMN import_run_id uuid REFERENCES app_data.import_runs (id) ON DELETE SET NULL,
  ADD COLUMN external_id text CHECK (length(external_id) <= 200);
CREATE INDEX user_transactions_import_run_idx ON app_data.user_transactions (import_run_id)
  WHERE import_run_id IS NOT NULL;
CREATE INDEX user_transactions_external_id_idx ON app_data.user_transactions (portfolio_id, external_id)
  WHERE external_id IS NOT NULL;

-- Saved ways to read a portfolio's files.
CREATE TABLE app_data.import_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  portfolio_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  settings jsonb NOT NULL,
  mapping jsonb NOT NULL,
  symbols jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (portfolio_id, name),
  FOREIGN KEY (portfolio_id, user_id) REFERENCES app_data.user_portfolios (id, user_id)
    ON DELETE CASCADE
);

-- Down Migration
DROP TABLE app_data.import_profiles;
DROP INDEX app_data.user_transactions_external_id_idx;
DROP INDEX app_data.user_transactions_import_run_idx;
ALTER TABLE app_data.user_transactions DROP COLUMN external_id, DROP COLUMN import_run_id;
DROP TABLE app_data.import_runs;
DROP TABLE app_data.import_uploads;
