-- Up Migration

-- Each packed ledger carries the portfolio's ledger version it was packed at, so a replica that
-- holds a portfolio's ledger reads again only the symbols a write changed. A write bumps the
-- portfolio's version before it repacks (ledger_changed), so a new pack takes the new version.
ALTER TABLE app_data.ledger_packs ADD COLUMN version bigint NOT NULL DEFAULT 0;
UPDATE app_data.ledger_packs l SET version = p.ledger_version
FROM app_data.user_portfolios p WHERE p.id = l.portfolio_id;

CREATE FUNCTION app_data.pack_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := (SELECT ledger_version FROM app_data.user_portfolios WHERE id = NEW.portfolio_id);
  RETURN NEW;
END
$$;
CREATE TRIGGER ledger_packs_version BEFORE INSERT ON app_data.ledger_packs
  FOR EACH ROW EXECUTE FUNCTION app_data.pack_version();

-- Down Migration
DROP TRIGGER ledger_packs_version ON app_data.ledger_packs;
DROP FUNCTION app_data.pack_version();
ALTER TABLE app_data.ledger_packs DROP COLUMN version;
