-- Tell every running Guichet instance that something behind a signed-in session changed, so it
-- drops its cached copies (src/signed_in_cache.rs). NOTIFY is delivered after the commit.
-- New sessions and `last_seen_at` updates change nothing already cached, so they stay quiet.
-- SQLite needs no counterpart: an update hook on each connection does the same in process.
CREATE FUNCTION guichet_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('guichet_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;

CREATE TRIGGER tenants_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tenants
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER customers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER memberships_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON memberships
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER sessions_ended AFTER DELETE OR TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER sessions_changed AFTER UPDATE OF id, tenant_id, user_id, token_hash, expires_at ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
