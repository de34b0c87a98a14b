-- Up Migration

-- Strategies: a name over versioned documents. An edit of the document adds a version; the
-- versions stay, so a backtest always names the exact document it played.
CREATE TABLE app_data.strategies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  version int NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX strategies_user_name_idx ON app_data.strategies (user_id, lower(name));

CREATE TABLE app_data.strategy_versions (
  strategy_id uuid NOT NULL REFERENCES app_data.strategies (id) ON DELETE CASCADE,
  version int NOT NULL CHECK (version >= 1),
  document jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (strategy_id, version)
);

-- Backtests: queued by the API, run by the backtest job, which stores the report and the hash
-- of everything that made it.
CREATE TABLE app_data.backtests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  strategy_id uuid NOT NULL,
  version int NOT NULL,
  range_from timestamptz NOT NULL,
  range_to timestamptz NOT NULL CHECK (range_to > range_from),
  initial_capital numeric(28, 10) NOT NULL CHECK (initial_capital > 0),
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'ready', 'failed')),
  percent int NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
  message text NOT NULL DEFAULT 'Waiting for a worker' CHECK (length(message) <= 500),
  content_hash text,
  total_return double precision,
  report jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  FOREIGN KEY (strategy_id, version)
    REFERENCES app_data.strategy_versions (strategy_id, version) ON DELETE CASCADE
);
CREATE INDEX backtests_user_idx ON app_data.backtests (user_id, created_at DESC);
CREATE INDEX backtests_strategy_idx ON app_data.backtests (strategy_id, created_at DESC);
CREATE INDEX backtests_hash_idx ON app_data.backtests (content_hash) WHERE state = 'ready';

-- Down Migration
DROP TABLE app_data.backtests;
DROP TABLE app_data.strategy_versions;
DROP TABLE app_data.strategies;
