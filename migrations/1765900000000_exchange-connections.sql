-- Up Migration

-- Exchange connections: where the execution engine places orders. Paper connections fill
-- against the app's own market feed and hold no keys; testnet and live hold the exchange's API
-- key and secret, sealed together (see Secrets/SecretBox.ts): `key_id` names the master key of
-- SECRETS_KEYS their data key is wrapped with, for the job that re-wraps after a rotation.
CREATE TABLE app_data.exchange_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  exchange text NOT NULL CHECK (exchange IN ('binance')),
  mode text NOT NULL CHECK (mode IN ('paper', 'testnet', 'live')),
  credentials_encrypted bytea,
  key_id text,
  -- The API key's last four characters, to tell keys apart without showing them.
  key_hint text CHECK (length(key_hint) = 4),
  status text NOT NULL DEFAULT 'unchecked' CHECK (status IN ('unchecked', 'ok', 'failed')),
  status_message text NOT NULL DEFAULT '' CHECK (length(status_message) <= 500),
  checked_at timestamptz,
  -- When the periodic check is next due (claimed by a tick on every replica).
  check_due_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((credentials_encrypted IS NULL) = (key_id IS NULL)
    AND (credentials_encrypted IS NULL) = (key_hint IS NULL)),
  CHECK (mode = 'paper' OR credentials_encrypted IS NOT NULL)
);
CREATE INDEX exchange_connections_user_idx ON app_data.exchange_connections (user_id, created_at);
CREATE INDEX exchange_connections_due_idx ON app_data.exchange_connections (check_due_at);

-- Down Migration
DROP TABLE app_data.exchange_connections;
