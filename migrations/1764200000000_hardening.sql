-- Up Migration
-- A sign-in attempt takes its place before the password is checked (succeeded NULL), so that
-- parallel attempts cannot all pass the limit; until it is finished it counts as a failure.
ALTER TABLE app_data.login_attempts ALTER COLUMN succeeded DROP NOT NULL;

-- Down Migration
DELETE FROM app_data.login_attempts WHERE succeeded IS NULL;
ALTER TABLE app_data.login_attempts ALTER COLUMN succeeded SET NOT NULL;
