-- Up Migration

-- What a user may do (see docs/roles.md): viewer (read-only), trader (the default), manager
-- (also reads every user's portfolios and logs, for support), admin (also manages users). And
-- whether an administrator disabled the account: a disabled user cannot sign in, and their
-- tokens stop working at once.
ALTER TABLE app_data.users
  ADD COLUMN role text NOT NULL DEFAULT 'trader'
    CHECK (role IN ('viewer', 'trader', 'manager', 'admin')),
  ADD COLUMN disabled_at timestamptz;

-- Down Migration
ALTER TABLE app_data.users DROP COLUMN disabled_at, DROP COLUMN role;
