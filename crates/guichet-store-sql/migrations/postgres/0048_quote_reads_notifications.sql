-- The quote a page shows is cached in memory while nothing about quotes changes (decision
-- 0016, topic Quotes); decisions still read it afresh. Every instance hears a change to it.
CREATE TRIGGER quotes_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quotes
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
