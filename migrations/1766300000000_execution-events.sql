-- Up Migration

-- The execution engine's changes on the owner's event stream, written in the changing
-- transaction like every event: a position group's state, a received signal's state (queued,
-- acted on, refused…), a manual order's status or fill. Pages reload what they show of them.
CREATE FUNCTION app_data.execution_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO app_data.events (user_id, type, payload)
  VALUES (NEW.user_id, 'execution.changed', jsonb_build_object(
    'kind', TG_ARGV[0],
    'id', NEW.id,
    -- The state's column, by name: a manual order's is its status.
    'state', to_jsonb(NEW) ->> TG_ARGV[1]));
  RETURN NULL;
END $$;

CREATE TRIGGER position_groups_published_inserted AFTER INSERT ON app_data.position_groups
  FOR EACH ROW EXECUTE FUNCTION app_data.execution_changed('group', 'state');
CREATE TRIGGER position_groups_published_updated AFTER UPDATE OF state ON app_data.position_groups
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION app_data.execution_changed('group', 'state');
CREATE TRIGGER execution_signals_published_inserted AFTER INSERT ON app_data.execution_signals
  FOR EACH ROW EXECUTE FUNCTION app_data.execution_changed('signal', 'state');
CREATE TRIGGER execution_signals_published_updated AFTER UPDATE OF state ON app_data.execution_signals
  FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION app_data.execution_changed('signal', 'state');
CREATE TRIGGER manual_orders_published_inserted AFTER INSERT ON app_data.manual_orders
  FOR EACH ROW EXECUTE FUNCTION app_data.execution_changed('order', 'status');
CREATE TRIGGER manual_orders_published_updated AFTER UPDATE OF status, filled_quantity
  ON app_data.manual_orders
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
    OR OLD.filled_quantity IS DISTINCT FROM NEW.filled_quantity)
  EXECUTE FUNCTION app_data.execution_changed('order', 'status');

-- Down Migration
DROP TRIGGER manual_orders_published_updated ON app_data.manual_orders;
DROP TRIGGER manual_orders_published_inserted ON app_data.manual_orders;
DROP TRIGGER execution_signals_published_updated ON app_data.execution_signals;
DROP TRIGGER execution_signals_published_inserted ON app_data.execution_signals;
DROP TRIGGER position_groups_published_updated ON app_data.position_groups;
DROP TRIGGER position_groups_published_inserted ON app_data.position_groups;
DROP FUNCTION app_data.execution_changed();
