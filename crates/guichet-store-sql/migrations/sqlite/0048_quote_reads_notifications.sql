-- The quote a page shows is cached in memory while nothing about quotes changes (decision
-- 0016). SQLite needs no trigger: each connection's update hook hears every change in process.
-- (This file keeps both databases' migrations numbered alike.)
SELECT 1;
