-- A contact who has not activated their access gets no email about a project they cannot
-- open; the first such event sends their invitation again, once (this row says it was sent).
CREATE TABLE invitation_reminders (
    user_id UUID PRIMARY KEY REFERENCES users (id),
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    sent_at BIGINT NOT NULL
);
