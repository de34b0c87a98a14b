-- Up Migration

-- Every "forgot password" request: from which address, for which account (none when the address
-- names no account), and, when a mail was sent, the SHA-256 of its single-use token, valid 30
-- minutes. The rows count the requests per address and per account; housekeeping deletes them
-- after a day.
CREATE TABLE app_data.password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid REFERENCES app_data.users (id) ON DELETE CASCADE,
  ip text NOT NULL,
  token_hash text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL DEFAULT now() + interval '30 minutes',
  used_at timestamptz
);
CREATE INDEX password_resets_ip_idx ON app_data.password_resets (ip, created_at);
CREATE INDEX password_resets_user_idx ON app_data.password_resets (user_id, created_at);
CREATE INDEX password_resets_created_idx ON app_data.password_resets (created_at);

-- Down Migration
DROP TABLE app_data.password_resets;
