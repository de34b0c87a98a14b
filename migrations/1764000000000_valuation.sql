-- Up Migration

-- How sold units are costed; valuations are recomputed from the ledger with it on every read.
ALTER TABLE app_data.user_portfolios
  ADD COLUMN cost_basis_method text NOT NULL DEFAULT 'fifo' CHECK (cost_basis_method IN ('fifo', 'average'));

-- A portfolio's history of one symbol in order: the oversell check and the valuation read it.
CREATE INDEX user_transactions_portfolio_symbol_idx
  ON app_data.user_transactions (portfolio_id, symbol, executed_at, side, id);

-- Down Migration
DROP INDEX app_data.user_transactions_portfolio_symbol_idx;
ALTER TABLE app_data.user_portfolios DROP COLUMN cost_basis_method;
