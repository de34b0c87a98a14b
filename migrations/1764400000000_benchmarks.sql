-- Up Migration

-- The instrument a portfolio's performance is compared with; NULL for none. Portfolios made
-- from now on get SPY where the market data has it (the app decides); existing ones get SPY.
ALTER TABLE app_data.user_portfolios ADD COLUMN benchmark text
  CHECK (benchmark IS NULL OR (length(benchmark) <= 32 AND benchmark ~ '^[A-Z0-9]+([.\-/_:][A-Z0-9]+)*$'));
UPDATE app_data.user_portfolios SET benchmark = 'SPY';

-- Down Migration
ALTER TABLE app_data.user_portfolios DROP COLUMN benchmark;
