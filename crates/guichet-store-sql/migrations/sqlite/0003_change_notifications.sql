-- PostgreSQL's migration 0003 makes triggers tell every instance that something behind a
-- signed-in session changed. SQLite needs no schema for it: an update hook on each connection
-- hears every write in process (src/sqlite.rs). Kept so that both backends share numbers.
SELECT 1;
