-- Up Migration

-- The execution engine: bots trade signals for one instrument on one exchange connection,
-- recording fills in one portfolio; each entry opens a position group of orders.
CREATE TABLE app_data.bots (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  -- No cascade: a connection or portfolio a bot uses cannot be deleted under it.
  connection_id uuid NOT NULL REFERENCES app_data.exchange_connections (id),
  portfolio_id uuid NOT NULL REFERENCES app_data.user_portfolios (id),
  symbol text NOT NULL,
  exchange_symbol text,
  settings jsonb NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  -- A watched strategy whose signals the bot trades too (besides TradingView's).
  watch_id uuid REFERENCES app_data.strategy_watches (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX bots_watch_idx ON app_data.bots (watch_id) WHERE watch_id IS NOT NULL;
CREATE INDEX bots_user_idx ON app_data.bots (user_id, created_at);
CREATE INDEX bots_connection_idx ON app_data.bots (connection_id);
CREATE INDEX bots_portfolio_idx ON app_data.bots (portfolio_id);

CREATE TABLE app_data.position_groups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  bot_id uuid NOT NULL REFERENCES app_data.bots (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES app_data.exchange_connections (id),
  portfolio_id uuid NOT NULL REFERENCES app_data.user_portfolios (id),
  symbol text NOT NULL,
  exchange_symbol text,
  -- The bot's settings when the group opened: later changes apply to later groups.
  settings jsonb NOT NULL,
  state text NOT NULL DEFAULT 'waiting'
    CHECK (state IN ('waiting', 'live', 'partially_filled', 'closing', 'closed', 'failed')),
  entries int NOT NULL DEFAULT 1 CHECK (entries >= 1),
  -- What filled so far: bought and sold quantities and their cash, fees in the quote currency.
  bought_quantity numeric(28, 10) NOT NULL DEFAULT 0,
  bought_cost numeric(28, 10) NOT NULL DEFAULT 0,
  sold_quantity numeric(28, 10) NOT NULL DEFAULT 0,
  sold_proceeds numeric(28, 10) NOT NULL DEFAULT 0,
  fees numeric(28, 10) NOT NULL DEFAULT 0,
  close_reason text CHECK (length(close_reason) <= 300),
  -- A lease: one process at a time advances a group (places, syncs, takes profit), until then;
  -- one that dies leaves it to be taken again once it ends.
  busy_until timestamptz,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- One open group per bot: a second entry signal adds to it (a pyramid) or is refused.
CREATE UNIQUE INDEX position_groups_open_idx ON app_data.position_groups (bot_id)
  WHERE state NOT IN ('closed', 'failed');
CREATE INDEX position_groups_user_idx ON app_data.position_groups (user_id, opened_at DESC, id);
CREATE INDEX position_groups_open_due_idx ON app_data.position_groups (updated_at)
  WHERE state NOT IN ('closed', 'failed');

CREATE TABLE app_data.group_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  group_id uuid NOT NULL REFERENCES app_data.position_groups (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  -- Placing an order twice with this id places it once (the exchange keeps it unique).
  client_order_id text NOT NULL UNIQUE,
  exchange_order_id text,
  role text NOT NULL CHECK (role IN ('base', 'safety', 'take_profit', 'stop_loss', 'exit')),
  leg int NOT NULL DEFAULT 0,
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  type text NOT NULL CHECK (type IN ('market', 'limit')),
  price numeric(28, 10),
  quantity numeric(28, 10) NOT NULL CHECK (quantity > 0),
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected')),
  -- Asked to be cancelled; the placement step does it at the exchange.
  cancel_requested boolean NOT NULL DEFAULT false,
  filled_quantity numeric(28, 10) NOT NULL DEFAULT 0,
  filled_cost numeric(28, 10) NOT NULL DEFAULT 0,
  fee numeric(28, 10) NOT NULL DEFAULT 0,
  -- How much of the fill is in the portfolio already (as activities).
  recorded_quantity numeric(28, 10) NOT NULL DEFAULT 0,
  recorded_cost numeric(28, 10) NOT NULL DEFAULT 0,
  recorded_fee numeric(28, 10) NOT NULL DEFAULT 0,
  message text NOT NULL DEFAULT '' CHECK (length(message) <= 500),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_orders_group_idx ON app_data.group_orders (group_id, created_at);

-- The paper exchange's own book: orders placed on paper connections, filled against the market
-- feed's trades as they come.
CREATE TABLE app_data.paper_orders (
  connection_id uuid NOT NULL REFERENCES app_data.exchange_connections (id) ON DELETE CASCADE,
  client_order_id text NOT NULL,
  symbol text NOT NULL,
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  type text NOT NULL CHECK (type IN ('market', 'limit')),
  price numeric(28, 10),
  quantity numeric(28, 10) NOT NULL CHECK (quantity > 0),
  status text NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'partially_filled', 'filled', 'cancelled')),
  filled_quantity numeric(28, 10) NOT NULL DEFAULT 0,
  filled_cost numeric(28, 10) NOT NULL DEFAULT 0,
  fee numeric(28, 10) NOT NULL DEFAULT 0,
  placed_at timestamptz NOT NULL DEFAULT now(),
  -- Trades up to this time have been matched against it.
  matched_until timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, client_order_id)
);

-- Signals the engine received (TradingView alerts, watched strategies), each acted on once.
CREATE TABLE app_data.execution_signals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('tradingview', 'strategy')),
  bot_id uuid REFERENCES app_data.bots (id) ON DELETE SET NULL,
  symbol text NOT NULL CHECK (length(symbol) <= 40),
  action text NOT NULL CHECK (action IN ('buy', 'sell')),
  contracts numeric,
  price numeric,
  market_position text CHECK (market_position IN ('long', 'short', 'flat')),
  prev_market_position text CHECK (prev_market_position IN ('long', 'short', 'flat')),
  kind text CHECK (kind IN ('entry', 'add', 'exit', 'reverse')),
  state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'done', 'invalid')),
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  group_id uuid REFERENCES app_data.position_groups (id) ON DELETE SET NULL,
  dedupe_key text NOT NULL CHECK (length(dedupe_key) <= 300),
  sent_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX execution_signals_user_idx ON app_data.execution_signals (user_id, received_at DESC, id);
CREATE INDEX execution_signals_pending_idx ON app_data.execution_signals (received_at)
  WHERE state = 'received';

-- Each user's TradingView webhook: the path's id, and the hash of the secret alerts carry.
CREATE TABLE app_data.tradingview_hooks (
  user_id uuid PRIMARY KEY REFERENCES app_data.users (id) ON DELETE CASCADE,
  hook_id text NOT NULL UNIQUE CHECK (length(hook_id) BETWEEN 16 AND 64),
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Kill switches: one per user (user_id) and one global (user_id NULL). While one is engaged,
-- no bot under it opens or adds to a group.
CREATE TABLE app_data.kill_switches (
  scope text PRIMARY KEY CHECK (scope = 'global' OR scope ~ '^user:[0-9a-f-]{36}$'),
  user_id uuid REFERENCES app_data.users (id) ON DELETE CASCADE,
  reason text NOT NULL DEFAULT '' CHECK (length(reason) <= 300),
  engaged_by uuid REFERENCES app_data.users (id) ON DELETE SET NULL,
  engaged_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((scope = 'global') = (user_id IS NULL))
);

-- Down Migration
DROP TABLE app_data.kill_switches;
DROP TABLE app_data.tradingview_hooks;
DROP TABLE app_data.execution_signals;
DROP TABLE app_data.paper_orders;
DROP TABLE app_data.group_orders;
DROP TABLE app_data.position_groups;
DROP TABLE app_data.bots;
