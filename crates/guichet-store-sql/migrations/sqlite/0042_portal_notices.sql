-- Each person's notifications in the portal (the bell, issue 17): what happened, in their
-- language, where to see it, read or not. (The unread count is part of a signed-in session's
-- answer: the table is watched by the in-process cache's update hook.)
CREATE TABLE portal_notices (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER
);
CREATE INDEX portal_notices_by_user ON portal_notices (user_id, created_at);
CREATE INDEX portal_notices_unread ON portal_notices (user_id) WHERE read_at IS NULL;

-- A new mode, "in the portal only"; "no email" used to mean "still shown in the portal": it is
-- now said so. (SQLite cannot change a CHECK constraint: the table is copied.)
CREATE TABLE notification_prefs_v42 (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('immediate', 'digest', 'portal', 'off')),
    PRIMARY KEY (user_id, kind)
);
INSERT INTO notification_prefs_v42 (tenant_id, user_id, kind, mode)
SELECT tenant_id, user_id, kind, CASE mode WHEN 'off' THEN 'portal' ELSE mode END
FROM notification_prefs;
DROP TABLE notification_prefs;
ALTER TABLE notification_prefs_v42 RENAME TO notification_prefs;
