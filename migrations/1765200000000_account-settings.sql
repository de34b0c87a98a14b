-- Up Migration

-- A user's own settings: the currency new portfolios start in, and the time zone date-times
-- are shown in (null: the browser's own).
ALTER TABLE app_data.users
  ADD COLUMN default_currency text NOT NULL DEFAULT 'USD' CHECK (default_currency ~ '^[A-Z]{3}$'),
  ADD COLUMN time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64);

-- When an account is deleted its audit entries stay (security), but nothing in them may still
-- point to the person: their addresses, browsers and any e-mail in the details go. Run as the
-- owner for the app, which may not change audit entries itself.
CREATE FUNCTION app_data.audit_forget_user(forgotten uuid) RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
  WITH f AS (
    UPDATE app_data.audit_log SET ip = NULL, user_agent = NULL, details = details - 'email'
    WHERE user_id = forgotten OR actor_id = forgotten RETURNING 1)
  SELECT count(*) FROM f;
$$;
REVOKE EXECUTE ON FUNCTION app_data.audit_forget_user(uuid) FROM PUBLIC;

-- Down Migration
DROP FUNCTION app_data.audit_forget_user(uuid);
ALTER TABLE app_data.users DROP COLUMN time_zone, DROP COLUMN default_currency;
