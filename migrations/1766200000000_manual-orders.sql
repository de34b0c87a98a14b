-- Up Migration

-- Orders a trader places by hand on a paper connection (the order ticket): placed, read and
-- cancelled on the paper exchange like a bot's, each fill recorded in the portfolio once.
CREATE TABLE app_data.manual_orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES app_data.exchange_connections (id) ON DELETE CASCADE,
  portfolio_id uuid NOT NULL REFERENCES app_data.user_portfolios (id) ON DELETE CASCADE,
  symbol text NOT NULL,
  client_order_id text NOT NULL UNIQUE,
  side text NOT NULL CHECK (side IN ('buy', 'sell')),
  type text NOT NULL CHECK (type IN ('market', 'limit')),
  price numeric(28, 10) CHECK ((type = 'limit') = (price IS NOT NULL)),
  quantity numeric(28, 10) NOT NULL CHECK (quantity > 0),
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected')),
  cancel_requested boolean NOT NULL DEFAULT false,
  filled_quantity numeric(28, 10) NOT NULL DEFAULT 0,
  filled_cost numeric(28, 10) NOT NULL DEFAULT 0,
  fee numeric(28, 10) NOT NULL DEFAULT 0,
  -- How much of the fill is in the portfolio already.
  recorded_quantity numeric(28, 10) NOT NULL DEFAULT 0,
  recorded_cost numeric(28, 10) NOT NULL DEFAULT 0,
  recorded_fee numeric(28, 10) NOT NULL DEFAULT 0,
  message text NOT NULL DEFAULT '' CHECK (length(message) <= 500),
  -- A lease: one process at a time places, reads or cancels it.
  busy_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX manual_orders_user_idx ON app_data.manual_orders (user_id, created_at DESC, id);
CREATE INDEX manual_orders_working_idx ON app_data.manual_orders (updated_at)
  WHERE status IN ('new', 'open', 'partially_filled');

-- Down Migration
DROP TABLE app_data.manual_orders;
