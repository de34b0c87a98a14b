-- Up Migration

-- Users and their consent to the terms. E-mails are stored lower-cased; the unique index on
-- lower(email) keeps them unique even if a writer forgets to normalise.
CREATE TABLE app_data.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  password_hash text NOT NULL,
  display_name text CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 100),
  terms_version text NOT NULL,
  terms_accepted_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON app_data.users (lower(email));

CREATE TABLE app_data.user_portfolios (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100 AND name = btrim(name)),
  base_currency text NOT NULL CHECK (base_currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Target of the transactions' composite foreign key: a transaction's portfolio has the same owner.
  UNIQUE (id, user_id)
);
CREATE UNIQUE INDEX user_portfolios_user_name_key ON app_data.user_portfolios (user_id, lower(name));

CREATE TABLE app_data.user_transactions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  portfolio_id uuid NOT NULL,
  symbol text NOT NULL CHECK (length(symbol) <= 32 AND symbol ~ '^[A-Z0-9]+([.\-/_:][A-Z0-9]+)*$'),
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity numeric(28, 10) NOT NULL CHECK (quantity > 0),
  price numeric(28, 10) NOT NULL CHECK (price >= 0),
  fee numeric(28, 10) NOT NULL DEFAULT 0 CHECK (fee >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- Millisecond precision, as the API gives it: the keyset cursor carries milliseconds.
  executed_at timestamptz NOT NULL CHECK (executed_at = date_trunc('milliseconds', executed_at)),
  note text CHECK (note IS NULL OR length(note) <= 1000),
  idempotency_key text CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 255),
  -- sha256 of the create request, to tell an honest retry from a reused key.
  idempotency_fingerprint text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (portfolio_id, user_id) REFERENCES app_data.user_portfolios (id, user_id) ON DELETE RESTRICT
);
-- Keyset pagination, newest first, for all of a user's transactions and for one portfolio.
CREATE INDEX user_transactions_user_page_idx
  ON app_data.user_transactions (user_id, executed_at DESC, id DESC);
CREATE INDEX user_transactions_portfolio_page_idx
  ON app_data.user_transactions (portfolio_id, executed_at DESC, id DESC);
CREATE INDEX user_transactions_user_symbol_idx
  ON app_data.user_transactions (user_id, symbol, executed_at DESC, id DESC);
CREATE UNIQUE INDEX user_transactions_idempotency_key
  ON app_data.user_transactions (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- A sign-in session is one refresh-token family: revoking it ends every token issued in it.
CREATE TABLE app_data.auth_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  ip text,
  user_agent text
);
CREATE INDEX auth_sessions_user_idx ON app_data.auth_sessions (user_id);
-- Replicas poll recent revocations to refuse access tokens of ended sessions.
CREATE INDEX auth_sessions_revoked_idx ON app_data.auth_sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Refresh tokens are stored only as SHA-256 hashes; each is used once.
CREATE TABLE app_data.refresh_tokens (
  token_hash bytea PRIMARY KEY CHECK (length(token_hash) = 32),
  session_id uuid NOT NULL REFERENCES app_data.auth_sessions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON app_data.refresh_tokens (session_id);

-- Login throttling lives here (not in memory) so that it holds across replicas.
CREATE TABLE app_data.login_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  ip text NOT NULL,
  succeeded boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email_idx ON app_data.login_attempts (email, attempted_at DESC);
CREATE INDEX login_attempts_ip_idx ON app_data.login_attempts (ip, attempted_at DESC);
CREATE INDEX login_attempts_time_idx ON app_data.login_attempts (attempted_at);

CREATE TABLE app_data.audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid REFERENCES app_data.users (id) ON DELETE SET NULL,
  event text NOT NULL,
  ip text,
  user_agent text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_user_idx ON app_data.audit_log (user_id, created_at DESC);
CREATE INDEX audit_log_event_ip_idx ON app_data.audit_log (event, ip, created_at DESC);

-- Conversations with the AI assistant; every question is kept, whatever the outcome.
CREATE TABLE app_data.ai_conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (id, user_id)
);
CREATE INDEX ai_conversations_user_idx ON app_data.ai_conversations (user_id, updated_at DESC, id DESC);

CREATE TABLE app_data.ai_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL,
  user_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  content text NOT NULL CHECK (length(content) <= 20000),
  sources jsonb NOT NULL DEFAULT '[]'::jsonb,
  outcome text NOT NULL DEFAULT 'ok',
  latency_ms integer CHECK (latency_ms IS NULL OR latency_ms >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (conversation_id, user_id)
    REFERENCES app_data.ai_conversations (id, user_id) ON DELETE CASCADE
);
CREATE INDEX ai_messages_conversation_idx ON app_data.ai_messages (conversation_id, created_at, id);

-- Down Migration
DROP TABLE app_data.ai_messages;
DROP TABLE app_data.ai_conversations;
DROP TABLE app_data.audit_log;
DROP TABLE app_data.login_attempts;
DROP TABLE app_data.refresh_tokens;
DROP TABLE app_data.auth_sessions;
DROP TABLE app_data.user_transactions;
DROP TABLE app_data.user_portfolios;
DROP TABLE app_data.users;
