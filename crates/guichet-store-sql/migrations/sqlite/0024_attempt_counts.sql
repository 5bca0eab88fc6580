-- Throttling counts each attempt before checking it, in one atomic statement (an upsert on
-- the key's row), so that many attempts at once each get their own rank; a key may also be
-- blocked for a while (back-off). Replaces the failure log, which was counted after checking.
CREATE TABLE attempt_counts (
    tenant_id BLOB NOT NULL,
    key TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, key)
);
DROP TABLE login_failures;
