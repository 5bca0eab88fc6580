-- The catalog's pages are cached in memory while nothing behind them changes (decision 0016):
-- every instance hears a change to these tables as it hears the signed-in tables' (0003).
CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER price_rules_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON price_rules
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER customer_terms_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customer_terms
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER favourites_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON favourites
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER segments_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON segments
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
-- A customer's invoice lists and statement are cached the same way (topic Billing).
CREATE TRIGGER invoices_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON invoices
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
CREATE TRIGGER payments_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON payments
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
