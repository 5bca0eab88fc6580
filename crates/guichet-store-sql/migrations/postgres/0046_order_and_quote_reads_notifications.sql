-- A customer's order lists and approval amount are cached in memory while nothing behind them
-- changes (decision 0016, topic Orders): every instance hears a change to these tables.
CREATE TRIGGER orders_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON orders
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER order_approval_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON order_approval
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
-- A quote's revisions and thread, read by its page, are cached the same way (topic Quotes).
CREATE TRIGGER quote_revisions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quote_revisions
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER quote_messages_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quote_messages
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
