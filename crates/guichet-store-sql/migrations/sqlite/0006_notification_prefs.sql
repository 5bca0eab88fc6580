-- How each person wants to hear of each kind of event (absent: at once, by email).
CREATE TABLE notification_prefs (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('immediate', 'digest', 'off')),
    PRIMARY KEY (user_id, kind)
);
