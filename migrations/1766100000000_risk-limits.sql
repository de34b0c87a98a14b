-- Up Migration

-- Each user's risk limits (NULL: no limit) and the mitigation of a losing group, off by default.
-- A user without a row has the defaults.
CREATE TABLE app_data.risk_limits (
  user_id uuid PRIMARY KEY REFERENCES app_data.users (id) ON DELETE CASCADE,
  max_open_groups int CHECK (max_open_groups BETWEEN 1 AND 100),
  max_symbol_exposure numeric(28, 10) CHECK (max_symbol_exposure > 0),
  max_total_exposure numeric(28, 10) CHECK (max_total_exposure > 0),
  max_daily_loss numeric(28, 10) CHECK (max_daily_loss > 0),
  queue_minutes int NOT NULL DEFAULT 60 CHECK (queue_minutes BETWEEN 1 AND 1440),
  mitigation boolean NOT NULL DEFAULT false,
  mitigation_loss_percent numeric(6, 2) NOT NULL DEFAULT 10
    CHECK (mitigation_loss_percent > 0 AND mitigation_loss_percent < 100),
  -- The risk tick's lease: one replica checks a user's queue and mitigation until then.
  next_check_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A bot's weight in the signal queue: an entry waiting for capacity is ranked by it.
ALTER TABLE app_data.bots ADD COLUMN priority int NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10);

-- Entries blocked by a limit wait in the queue (queued) until promoted, replaced by a newer
-- signal for the same symbol, or expired.
ALTER TABLE app_data.execution_signals DROP CONSTRAINT execution_signals_state_check;
ALTER TABLE app_data.execution_signals ADD CONSTRAINT execution_signals_state_check
  CHECK (state IN ('received', 'queued', 'done', 'invalid', 'expired', 'replaced'));
ALTER TABLE app_data.execution_signals ADD COLUMN expires_at timestamptz;
CREATE INDEX execution_signals_queued_idx ON app_data.execution_signals (user_id, received_at)
  WHERE state = 'queued';

-- Down Migration
DROP INDEX app_data.execution_signals_queued_idx;
ALTER TABLE app_data.execution_signals DROP COLUMN expires_at;
UPDATE app_data.execution_signals SET state = 'invalid' WHERE state NOT IN ('received', 'done', 'invalid');
ALTER TABLE app_data.execution_signals DROP CONSTRAINT execution_signals_state_check;
ALTER TABLE app_data.execution_signals ADD CONSTRAINT execution_signals_state_check
  CHECK (state IN ('received', 'done', 'invalid'));
ALTER TABLE app_data.bots DROP COLUMN priority;
DROP TABLE app_data.risk_limits;
