-- A contact who has not activated their access gets no email about a project they cannot
-- open; the first such event sends their invitation again, once (this row says it was sent).
CREATE TABLE invitation_reminders (
    user_id BLOB PRIMARY KEY REFERENCES users (id),
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    sent_at INTEGER NOT NULL
);
