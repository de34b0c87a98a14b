-- Up Migration

-- Every activity a broker statement has, in the one ledger table. Existing buys and sells keep
-- their rows: `side` becomes `type`, and the fields other types need are added. Which fields a
-- type has is checked here too, so no writer can store a half-formed entry.
ALTER TABLE app_data.user_transactions RENAME COLUMN side TO type;
ALTER TABLE app_data.user_transactions DROP CONSTRAINT user_transactions_side_check;
ALTER TABLE app_data.user_transactions
  ALTER COLUMN symbol DROP NOT NULL,
  ALTER COLUMN quantity DROP NOT NULL,
  ALTER COLUMN price DROP NOT NULL,
  ALTER COLUMN currency DROP NOT NULL,
  -- Cash moved (deposit, withdrawal, dividend and interest gross, fee, tax) or, for
  -- transfer_in, the cost basis of the units transferred.
  ADD COLUMN amount numeric(28, 10) CHECK (amount >= 0),
  ADD COLUMN withholding_tax numeric(28, 10) NOT NULL DEFAULT 0 CHECK (withholding_tax >= 0),
  ADD COLUMN shares_before numeric(28, 10) CHECK (shares_before > 0),
  ADD COLUMN shares_after numeric(28, 10) CHECK (shares_after > 0),
  ADD CONSTRAINT user_transactions_type_check CHECK (type IN ('buy', 'sell', 'deposit',
    'withdrawal', 'dividend', 'interest', 'fee', 'tax', 'split', 'transfer_in', 'transfer_out')),
  ADD CONSTRAINT user_transactions_fields_check CHECK (
    (symbol IS NOT NULL OR type IN ('deposit', 'withdrawal', 'interest', 'fee', 'tax'))
    AND (symbol IS NULL OR type NOT IN ('deposit', 'withdrawal', 'interest'))
    AND ((quantity IS NOT NULL) = (type IN ('buy', 'sell', 'transfer_in', 'transfer_out')))
    AND ((price IS NOT NULL) = (type IN ('buy', 'sell')))
    AND ((currency IS NOT NULL) = (type NOT IN ('split', 'transfer_out')))
    AND ((amount IS NOT NULL) = (type NOT IN ('buy', 'sell', 'split', 'transfer_out')))
    AND (amount > 0 OR type IN ('buy', 'sell', 'split', 'transfer_in', 'transfer_out'))
    AND ((shares_before IS NOT NULL AND shares_after IS NOT NULL) = (type = 'split'))
    AND (fee = 0 OR type IN ('buy', 'sell'))
    AND (withholding_tax = 0 OR (type IN ('dividend', 'interest') AND withholding_tax <= amount))
  ),
  -- The order of entries at one instant: money and securities in before they are used, a split
  -- after the purchases it splits and before the sales of its new shares, income, then what
  -- goes out.
  ADD COLUMN ledger_rank smallint NOT NULL GENERATED ALWAYS AS (CASE type
    WHEN 'deposit' THEN 0 WHEN 'transfer_in' THEN 1 WHEN 'buy' THEN 2 WHEN 'split' THEN 3
    WHEN 'dividend' THEN 4 WHEN 'interest' THEN 5 WHEN 'sell' THEN 6 WHEN 'transfer_out' THEN 7
    WHEN 'fee' THEN 8 WHEN 'tax' THEN 9 ELSE 10 END) STORED;

DROP INDEX app_data.user_transactions_portfolio_symbol_idx;
CREATE INDEX user_transactions_portfolio_symbol_idx
  ON app_data.user_transactions (portfolio_id, symbol, executed_at, ledger_rank, id);

-- Packs now carry each type's own numbers, by type (numbers as numeric(28, 10) writes them):
--   buy|sell quantity price fee currency ms     dividend|interest amount withholding currency ms
--   deposit|withdrawal|fee|tax amount currency ms   split sharesBefore sharesAfter ms
--   transfer_in quantity costBasis currency ms  transfer_out quantity ms
-- Entries without a symbol are packed under the symbol '' (the portfolio's own cash ledger).
CREATE OR REPLACE FUNCTION app_data.repack_ledgers(portfolios uuid[], symbols text[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM app_data.ledger_packs p
  USING unnest(portfolios, symbols) AS t(portfolio_id, symbol)
  WHERE p.portfolio_id = t.portfolio_id AND p.symbol = t.symbol;
  INSERT INTO app_data.ledger_packs (portfolio_id, symbol, entries)
  SELECT u.portfolio_id, coalesce(u.symbol, ''),
    string_agg(u.type || ' ' || CASE
        WHEN u.type IN ('buy', 'sell') THEN u.quantity || ' ' || u.price || ' ' || u.fee || ' ' || u.currency
        WHEN u.type IN ('dividend', 'interest') THEN u.amount || ' ' || u.withholding_tax || ' ' || u.currency
        WHEN u.type = 'split' THEN u.shares_before || ' ' || u.shares_after
        WHEN u.type = 'transfer_in' THEN u.quantity || ' ' || u.amount || ' ' || u.currency
        WHEN u.type = 'transfer_out' THEN u.quantity::text
        ELSE u.amount || ' ' || u.currency
      END || ' ' || (date_part('epoch', u.executed_at) * 1000)::bigint, ','
      ORDER BY u.executed_at, u.ledger_rank, u.id)
  FROM unnest(portfolios, symbols) AS t(portfolio_id, symbol)
  JOIN app_data.user_transactions u ON u.portfolio_id = t.portfolio_id
    AND ((t.symbol <> '' AND u.symbol = t.symbol) OR (t.symbol = '' AND u.symbol IS NULL))
  GROUP BY u.portfolio_id, u.symbol;
$$;

CREATE OR REPLACE FUNCTION app_data.ledger_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  portfolios uuid[];
  symbols text[];
BEGIN
  -- Statement-level, with the transition tables of the event: once per statement.
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(portfolio_id), array_agg(symbol) INTO portfolios, symbols
    FROM (SELECT DISTINCT portfolio_id, coalesce(symbol, '') AS symbol FROM new_rows) AS t;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(portfolio_id), array_agg(symbol) INTO portfolios, symbols
    FROM (SELECT DISTINCT portfolio_id, coalesce(symbol, '') AS symbol FROM old_rows) AS t;
  ELSE
    SELECT array_agg(portfolio_id), array_agg(symbol) INTO portfolios, symbols
    FROM (SELECT portfolio_id, coalesce(symbol, '') AS symbol FROM new_rows
          UNION SELECT portfolio_id, coalesce(symbol, '') FROM old_rows) AS t;
  END IF;
  IF portfolios IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE app_data.user_portfolios SET ledger_version = ledger_version + 1
  WHERE id IN (SELECT DISTINCT unnest(portfolios));
  PERFORM app_data.repack_ledgers(portfolios, symbols);
  RETURN NULL;
END
$$;

-- The packs in the new format.
SELECT app_data.repack_ledgers(array_agg(portfolio_id), array_agg(symbol))
FROM (SELECT DISTINCT portfolio_id, coalesce(symbol, '') AS symbol FROM app_data.user_transactions) AS t;

-- Down Migration
-- Only buys and sells existed before: the other types cannot go back and are refused.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM app_data.user_transactions WHERE type NOT IN ('buy', 'sell')) THEN
    RAISE EXCEPTION 'The ledger holds activities other than buys and sells; they would be lost';
  END IF;
END
$$;
CREATE OR REPLACE FUNCTION app_data.ledger_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  portfolios uuid[];
  symbols text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(portfolio_id), array_agg(symbol) INTO portfolios, symbols
    FROM (SELECT DISTINCT portfolio_id, symbol FROM new_rows) AS t;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(portfolio_id), array_agg(symbol) INTO portfolios, symbols
    FROM (SELECT DISTINCT portfolio_id, symbol FROM old_rows) AS t;
  ELSE
    SELECT array_agg(portfolio_id), array_agg(symbol) INTO portfolios, symbols
    FROM (SELECT portfolio_id, symbol FROM new_rows UNION SELECT portfolio_id, symbol FROM old_rows) AS t;
  END IF;
  IF portfolios IS NULL THEN
    RETURN NULL;
  END IF;
  UPDATE app_data.user_portfolios SET ledger_version = ledger_version + 1
  WHERE id IN (SELECT DISTINCT unnest(portfolios));
  PERFORM app_data.repack_ledgers(portfolios, symbols);
  RETURN NULL;
END
$$;
DROP INDEX app_data.user_transactions_portfolio_symbol_idx;
ALTER TABLE app_data.user_transactions
  DROP COLUMN ledger_rank,
  DROP CONSTRAINT user_transactions_fields_check,
  DROP CONSTRAINT user_transactions_type_check,
  DROP COLUMN shares_after,
  DROP COLUMN shares_before,
  DROP COLUMN withholding_tax,
  DROP COLUMN amount,
  ALTER COLUMN currency SET NOT NULL,
  ALTER COLUMN price SET NOT NULL,
  ALTER COLUMN quantity SET NOT NULL,
  ALTER COLUMN symbol SET NOT NULL,
  ADD CONSTRAINT user_transactions_side_check CHECK (type IN ('buy', 'sell'));
ALTER TABLE app_data.user_transactions RENAME COLUMN type TO side;
CREATE INDEX user_transactions_portfolio_symbol_idx
  ON app_data.user_transactions (portfolio_id, symbol, executed_at, side, id);
CREATE OR REPLACE FUNCTION app_data.repack_ledgers(portfolios uuid[], symbols text[]) RETURNS void
LANGUAGE sql AS $$
  DELETE FROM app_data.ledger_packs p
  USING unnest(portfolios, symbols) AS t(portfolio_id, symbol)
  WHERE p.portfolio_id = t.portfolio_id AND p.symbol = t.symbol;
  INSERT INTO app_data.ledger_packs (portfolio_id, symbol, entries)
  SELECT u.portfolio_id, u.symbol,
    string_agg(u.side || ' ' || u.quantity || ' ' || u.price || ' ' || u.fee || ' ' || u.currency
      || ' ' || (date_part('epoch', u.executed_at) * 1000)::bigint, ','
      ORDER BY u.executed_at, u.side, u.id)
  FROM unnest(portfolios, symbols) AS t(portfolio_id, symbol)
  JOIN app_data.user_transactions u ON u.portfolio_id = t.portfolio_id AND u.symbol = t.symbol
  GROUP BY u.portfolio_id, u.symbol;
$$;
SELECT app_data.repack_ledgers(array_agg(portfolio_id), array_agg(symbol))
FROM (SELECT DISTINCT portfolio_id, symbol FROM app_data.user_transactions) AS t;
