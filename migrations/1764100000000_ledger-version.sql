-- Up Migration

-- A counter of changes to a portfolio's transactions, kept by the database whoever writes, so a
-- replica may reuse a ledger it has already read while the counter has not moved.
ALTER TABLE app_data.user_portfolios ADD COLUMN ledger_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION app_data.bump_ledger_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Statement-level, with the transition tables of the event: one update per portfolio touched.
  IF TG_OP = 'INSERT' THEN
    UPDATE app_data.user_portfolios SET ledger_version = ledger_version + 1
    WHERE id IN (SELECT portfolio_id FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    UPDATE app_data.user_portfolios SET ledger_version = ledger_version + 1
    WHERE id IN (SELECT portfolio_id FROM old_rows);
  ELSE
    UPDATE app_data.user_portfolios SET ledger_version = ledger_version + 1
    WHERE id IN (SELECT portfolio_id FROM new_rows UNION SELECT portfolio_id FROM old_rows);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER user_transactions_inserted AFTER INSERT ON app_data.user_transactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION app_data.bump_ledger_version();
CREATE TRIGGER user_transactions_updated AFTER UPDATE ON app_data.user_transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_data.bump_ledger_version();
CREATE TRIGGER user_transactions_deleted AFTER DELETE ON app_data.user_transactions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION app_data.bump_ledger_version();

-- Down Migration
DROP TRIGGER user_transactions_deleted ON app_data.user_transactions;
DROP TRIGGER user_transactions_updated ON app_data.user_transactions;
DROP TRIGGER user_transactions_inserted ON app_data.user_transactions;
DROP FUNCTION app_data.bump_ledger_version();
ALTER TABLE app_data.user_portfolios DROP COLUMN ledger_version;
