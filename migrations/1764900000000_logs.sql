-- Up Migration

-- The audit log (see docs/logs.md): who did what to whom, from where, in which request. `user_id`
-- is the account the entry is about; `actor_id` who acted (the same user, an administrator, or
-- nobody for a failed sign-in or the command line). The app may only add entries: retention
-- deletes through the owner's function below.
ALTER TABLE app_data.audit_log RENAME COLUMN event TO action;
ALTER TABLE app_data.audit_log
  ADD COLUMN actor_id uuid REFERENCES app_data.users (id) ON DELETE SET NULL,
  ADD COLUMN category text NOT NULL DEFAULT 'security'
    CHECK (category IN ('security', 'trading', 'system', 'risk', 'api')),
  ADD COLUMN target text CHECK (target IS NULL OR length(target) <= 200),
  ADD COLUMN request_id text CHECK (request_id IS NULL OR length(request_id) <= 128);
ALTER INDEX app_data.audit_log_event_ip_idx RENAME TO audit_log_action_ip_idx;
DROP INDEX app_data.audit_log_user_idx;
-- Newest first by id, for a user's own events and for the administrators' filters.
CREATE INDEX audit_log_user_idx ON app_data.audit_log (user_id, id DESC);
CREATE INDEX audit_log_actor_idx ON app_data.audit_log (actor_id, id DESC) WHERE actor_id IS NOT NULL;
CREATE INDEX audit_log_time_idx ON app_data.audit_log (created_at);

-- Warnings and errors of every replica, for operators: what went wrong, where, in which request.
CREATE TABLE app_data.system_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  level text NOT NULL CHECK (level IN ('warning', 'error', 'fatal')),
  category text NOT NULL CHECK (category IN ('security', 'trading', 'system', 'risk', 'api')),
  message text NOT NULL CHECK (length(message) <= 2000),
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text CHECK (request_id IS NULL OR length(request_id) <= 128),
  user_id uuid REFERENCES app_data.users (id) ON DELETE SET NULL,
  replica text NOT NULL CHECK (length(replica) <= 200),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX system_log_time_idx ON app_data.system_log (created_at);
CREATE INDEX system_log_level_idx ON app_data.system_log (level, id DESC);

-- Deletes entries older than their retention, a bounded batch of each per call; returns how
-- many of each went. Run by the app's housekeeping job as the owner, since the app itself may
-- not delete from the audit log.
CREATE FUNCTION app_data.logs_prune(audit_days int, system_days int, batch int,
                                    OUT audit bigint, OUT system bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  IF audit_days < 1 OR system_days < 1 OR batch < 1 THEN
    RAISE EXCEPTION 'retention days and batch must be at least 1';
  END IF;
  WITH d AS (DELETE FROM app_data.audit_log WHERE id IN (
               SELECT id FROM app_data.audit_log
               WHERE created_at < now() - make_interval(days => audit_days) LIMIT batch)
             RETURNING 1)
  SELECT count(*) INTO audit FROM d;
  WITH d AS (DELETE FROM app_data.system_log WHERE id IN (
               SELECT id FROM app_data.system_log
               WHERE created_at < now() - make_interval(days => system_days) LIMIT batch)
             RETURNING 1)
  SELECT count(*) INTO system FROM d;
END
$$;
REVOKE EXECUTE ON FUNCTION app_data.logs_prune(int, int, int) FROM PUBLIC;

-- Down Migration
DROP FUNCTION app_data.logs_prune(int, int, int);
DROP TABLE app_data.system_log;
DROP INDEX app_data.audit_log_time_idx;
DROP INDEX app_data.audit_log_actor_idx;
DROP INDEX app_data.audit_log_user_idx;
CREATE INDEX audit_log_user_idx ON app_data.audit_log (user_id, created_at DESC);
ALTER INDEX app_data.audit_log_action_ip_idx RENAME TO audit_log_event_ip_idx;
ALTER TABLE app_data.audit_log
  DROP COLUMN request_id, DROP COLUMN target, DROP COLUMN category, DROP COLUMN actor_id;
ALTER TABLE app_data.audit_log RENAME COLUMN action TO event;
