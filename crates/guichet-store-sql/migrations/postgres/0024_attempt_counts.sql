-- Throttling counts each attempt before checking it, in one atomic statement (an upsert on
-- the key's row), so that many attempts at once each get their own rank; a key may also be
-- blocked for a while (back-off). Replaces the failure log, which was counted after checking.
CREATE TABLE attempt_counts (
    tenant_id UUID NOT NULL,
    key TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, key)
);
DROP TABLE login_failures;
