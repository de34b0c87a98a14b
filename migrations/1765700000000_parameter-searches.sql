-- Up Migration

-- Parameter searches: one strategy version over a range, split into an in-sample part and an
-- out-of-sample part; each parameter set is tested on both by chunk jobs that any worker takes.
CREATE TABLE app_data.parameter_searches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  strategy_id uuid NOT NULL,
  version int NOT NULL,
  range_from timestamptz NOT NULL,
  range_to timestamptz NOT NULL,
  split_at timestamptz NOT NULL CHECK (split_at > range_from AND split_at < range_to),
  initial_capital numeric(28, 10) NOT NULL CHECK (initial_capital > 0),
  spec jsonb NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'ready', 'failed')),
  message text NOT NULL DEFAULT 'Waiting for a worker' CHECK (length(message) <= 500),
  total_sets int NOT NULL CHECK (total_sets > 0),
  done_sets int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  FOREIGN KEY (strategy_id, version)
    REFERENCES app_data.strategy_versions (strategy_id, version) ON DELETE CASCADE
);
CREATE INDEX parameter_searches_user_idx ON app_data.parameter_searches (user_id, created_at DESC);

CREATE TABLE app_data.search_results (
  search_id uuid NOT NULL REFERENCES app_data.parameter_searches (id) ON DELETE CASCADE,
  position int NOT NULL,
  parameter_values jsonb NOT NULL,
  in_sample jsonb,
  out_of_sample jsonb,
  error text,
  -- The in-sample objective, to rank by.
  objective double precision,
  PRIMARY KEY (search_id, position)
);

-- Down Migration
DROP TABLE app_data.search_results;
DROP TABLE app_data.parameter_searches;
