-- Up Migration

-- Live signals: a watched strategy version is replayed from the candle in progress when the
-- watch began through each newly closed candle of the market data, by a tick every replica runs
-- (rows claimed with FOR UPDATE SKIP LOCKED). What it signals is kept for the trader, the event
-- stream, an optional outgoing webhook and the execution engine.
CREATE TABLE app_data.strategy_watches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  strategy_id uuid NOT NULL,
  version int NOT NULL,
  initial_capital numeric(28, 10) NOT NULL CHECK (initial_capital > 0),
  -- The start of the candle in progress when the watch began: the first that may signal.
  started_at timestamptz NOT NULL,
  webhook boolean NOT NULL DEFAULT false,
  -- The latest closed candle replayed, and when the next one closes.
  last_bar timestamptz,
  due_at timestamptz NOT NULL,
  stopped_at timestamptz,
  message text NOT NULL DEFAULT '' CHECK (length(message) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (strategy_id, version)
    REFERENCES app_data.strategy_versions (strategy_id, version) ON DELETE CASCADE
);
-- One running watch per strategy.
CREATE UNIQUE INDEX strategy_watches_running_idx ON app_data.strategy_watches (strategy_id)
  WHERE stopped_at IS NULL;
CREATE INDEX strategy_watches_due_idx ON app_data.strategy_watches (due_at)
  WHERE stopped_at IS NULL;
CREATE INDEX strategy_watches_user_idx ON app_data.strategy_watches (user_id, created_at DESC);

CREATE TABLE app_data.strategy_signals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  watch_id uuid NOT NULL REFERENCES app_data.strategy_watches (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  symbol text NOT NULL,
  side text NOT NULL CHECK (side IN ('entry', 'exit')),
  reason text NOT NULL CHECK (reason IN ('rule', 'stopLoss', 'takeProfit', 'trailingStop')),
  -- The candle that signalled: a rule on its close, a stop or target inside it.
  bar_time timestamptz NOT NULL,
  price numeric(28, 10) NOT NULL,
  webhook_state text NOT NULL DEFAULT 'none'
    CHECK (webhook_state IN ('none', 'pending', 'sent', 'failed')),
  webhook_message text NOT NULL DEFAULT '' CHECK (length(webhook_message) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- A replay that meets a signal again (the next candle, another replica) adds nothing.
  UNIQUE (watch_id, symbol, bar_time, side)
);
-- The feed is in the order of the candles that signalled.
CREATE INDEX strategy_signals_user_idx ON app_data.strategy_signals (user_id, bar_time DESC, id);

-- Where a user's signals are posted (a Discord-style incoming webhook). The address carries
-- the receiver's token, so it is sealed (see Secrets/SecretBox.ts): `key_id` names the master key
-- of SECRETS_KEYS its data key is wrapped with, for the job that re-wraps after a rotation.
CREATE TABLE app_data.signal_webhooks (
  user_id uuid PRIMARY KEY REFERENCES app_data.users (id) ON DELETE CASCADE,
  url_encrypted bytea NOT NULL,
  key_id text NOT NULL,
  -- The host alone, to show which receiver is set without the secret part.
  host text NOT NULL CHECK (length(host) <= 255),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Down Migration
DROP TABLE app_data.signal_webhooks;
DROP TABLE app_data.strategy_signals;
DROP TABLE app_data.strategy_watches;
