-- Up Migration

-- The outbox of changes users see live (GET /api/events), written by triggers in the same
-- transaction as each change, so no change is published that did not commit, and none that
-- committed goes unpublished, whoever writes it.
--
-- An event's position is (tx, seq): the writing transaction's id, then a sequence. A reader
-- takes only events of transactions older than every transaction still running
-- (pg_snapshot_xmin of its snapshot): all of those have committed or aborted, so none can
-- still appear behind the position it has reached. Sequence order alone would not do: a
-- transaction may commit after another that took a later number.
--
-- Monthly partitions by created_at: retention drops whole months, never deletes rows.
CREATE SEQUENCE app_data.events_seq;
CREATE TABLE app_data.events (
  tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq bigint NOT NULL DEFAULT nextval('app_data.events_seq'),
  user_id uuid NOT NULL,
  type text NOT NULL CHECK (length(type) <= 64),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (created_at);
ALTER SEQUENCE app_data.events_seq OWNED BY app_data.events.seq;
CREATE INDEX events_position_idx ON app_data.events (tx, seq);
CREATE INDEX events_user_position_idx ON app_data.events (user_id, tx, seq);

-- Creates this month's and the next two months' partitions, and drops the partitions whose
-- whole month ended more than keep_days ago. Runs as the owner (who alone may change the
-- table) for the app's daily job; nobody else may call it.
CREATE FUNCTION app_data.events_maintain_partitions(keep_days int) RETURNS int
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
  part record;
  dropped int := 0;
BEGIN
  IF keep_days < 1 THEN
    RAISE EXCEPTION 'keep_days must be at least 1';
  END IF;
  FOR i IN 0..2 LOOP
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS app_data.%I PARTITION OF app_data.events FOR VALUES FROM (%L) TO (%L)',
      'events_' || to_char(month + make_interval(months => i), 'YYYY_MM'),
      (month + make_interval(months => i))::timestamp AT TIME ZONE 'UTC',
      (month + make_interval(months => i + 1))::timestamp AT TIME ZONE 'UTC');
  END LOOP;
  FOR part IN
    SELECT c.relname FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'app_data.events'::regclass
      AND c.relname ~ '^events_\d{4}_\d{2}$'
      AND (to_date(substr(c.relname, 8), 'YYYY_MM') + interval '1 month')::timestamp AT TIME ZONE 'UTC'
        < now() - make_interval(days => keep_days)
  LOOP
    EXECUTE format('DROP TABLE app_data.%I', part.relname);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END
$$;
REVOKE EXECUTE ON FUNCTION app_data.events_maintain_partitions(int) FROM PUBLIC;
SELECT app_data.events_maintain_partitions(30);

-- One event per portfolio a statement changed: an import of thousands of rows publishes one.
CREATE FUNCTION app_data.publish_transactions_changed(action text, users uuid[], portfolios uuid[], ids uuid[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO app_data.events (user_id, type, payload)
  SELECT user_id, 'transactions.changed', jsonb_build_object(
      'portfolioId', portfolio_id,
      'action', action,
      'count', count(*),
      'transactionIds', CASE WHEN count(*) <= 100 THEN jsonb_agg(id ORDER BY id) ELSE '[]' END)
  FROM (SELECT DISTINCT * FROM unnest(users, portfolios, ids) AS t(user_id, portfolio_id, id)) AS t
  GROUP BY user_id, portfolio_id;
$$;

CREATE FUNCTION app_data.transactions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  users uuid[];
  portfolios uuid[];
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(user_id), array_agg(portfolio_id), array_agg(id) INTO users, portfolios, ids
    FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(user_id), array_agg(portfolio_id), array_agg(id) INTO users, portfolios, ids
    FROM old_rows;
  ELSE
    -- A moved transaction changes its old portfolio too.
    SELECT array_agg(user_id), array_agg(portfolio_id), array_agg(id) INTO users, portfolios, ids
    FROM (SELECT user_id, portfolio_id, id FROM new_rows
          UNION ALL SELECT user_id, portfolio_id, id FROM old_rows) AS t;
  END IF;
  IF users IS NOT NULL THEN
    PERFORM app_data.publish_transactions_changed(
      CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END,
      users, portfolios, ids);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER user_transactions_published_inserted AFTER INSERT ON app_data.user_transactions
  REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_data.transactions_changed();
CREATE TRIGGER user_transactions_published_updated AFTER UPDATE ON app_data.user_transactions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_data.transactions_changed();
CREATE TRIGGER user_transactions_published_deleted AFTER DELETE ON app_data.user_transactions
  REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION app_data.transactions_changed();

-- A portfolio created, renamed or re-set, or deleted (not its ledger version: that is the
-- transactions' event).
CREATE FUNCTION app_data.portfolio_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r app_data.user_portfolios%ROWTYPE;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  INSERT INTO app_data.events (user_id, type, payload)
  VALUES (r.user_id, 'portfolio.changed', jsonb_build_object(
    'portfolioId', r.id,
    'action', CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END));
  RETURN NULL;
END
$$;
CREATE TRIGGER user_portfolios_published AFTER INSERT OR DELETE OR UPDATE OF
    name, base_currency, cost_basis_method, benchmark ON app_data.user_portfolios
  FOR EACH ROW EXECUTE FUNCTION app_data.portfolio_changed();

-- Down Migration
DROP TRIGGER user_portfolios_published ON app_data.user_portfolios;
DROP FUNCTION app_data.portfolio_changed();
DROP TRIGGER user_transactions_published_deleted ON app_data.user_transactions;
DROP TRIGGER user_transactions_published_updated ON app_data.user_transactions;
DROP TRIGGER user_transactions_published_inserted ON app_data.user_transactions;
DROP FUNCTION app_data.transactions_changed();
DROP FUNCTION app_data.publish_transactions_changed(text, uuid[], uuid[], uuid[]);
DROP FUNCTION app_data.events_maintain_partitions(int);
DROP TABLE app_data.events;
