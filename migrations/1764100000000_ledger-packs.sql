-- Up Migration

-- Each portfolio's ledger kept ready for valuation, by the database whoever writes: a counter of
-- changes (replicas reuse a ledger they have parsed while it holds), and each symbol's
-- transactions packed in ledger order as "side quantity price fee currency epochMs,…". Reading
-- 100,000 transactions then reads 50 rows instead of building their text on every request.
ALTER TABLE app_data.user_portfolios ADD COLUMN ledger_version bigint NOT NULL DEFAULT 0;

CREATE TABLE app_data.ledger_packs (
  portfolio_id uuid NOT NULL REFERENCES app_data.user_portfolios (id) ON DELETE CASCADE,
  symbol text NOT NULL,
  entries text NOT NULL,
  PRIMARY KEY (portfolio_id, symbol)
);

-- Packs the ledgers of the given (portfolio, symbol) pairs again, in the order of the app's
-- LEDGER_ORDER (executed_at, side, id).
CREATE FUNCTION app_data.repack_ledgers(portfolios uuid[], symbols text[]) RETURNS void
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

CREATE FUNCTION app_data.ledger_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  portfolios uuid[];
  symbols text[];
BEGIN
  -- Statement-level, with the transition tables of the event: once per statement.
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

CREATE TRIGGER user_transactions_inserted AFTER INSERT ON app_data.user_transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_data.ledger_changed();
CREATE TRIGGER user_transactions_updated AFTER UPDATE ON app_data.user_transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_data.ledger_changed();
CREATE TRIGGER user_transactions_deleted AFTER DELETE ON app_data.user_transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_data.ledger_changed();

-- The ledgers that exist already.
SELECT app_data.repack_ledgers(array_agg(portfolio_id), array_agg(symbol))
FROM (SELECT DISTINCT portfolio_id, symbol FROM app_data.user_transactions) AS t;

-- Down Migration
DROP TRIGGER user_transactions_deleted ON app_data.user_transactions;
DROP TRIGGER user_transactions_updated ON app_data.user_transactions;
DROP TRIGGER user_transactions_inserted ON app_data.user_transactions;
DROP FUNCTION app_data.ledger_changed();
DROP FUNCTION app_data.repack_ledgers(uuid[], text[]);
DROP TABLE app_data.ledger_packs;
ALTER TABLE app_data.user_portfolios DROP COLUMN ledger_version;
