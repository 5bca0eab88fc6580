-- Each person's notifications in the portal (the bell, issue 17): what happened, in their
-- language, where to see it, read or not. The unread count is part of a signed-in session's
-- answer, so a change here tells every instance to drop its cached copies.
CREATE TABLE portal_notices (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    user_id UUID NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX portal_notices_by_user ON portal_notices (user_id, created_at);
CREATE INDEX portal_notices_unread ON portal_notices (user_id) WHERE read_at IS NULL;
CREATE TRIGGER portal_notices_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON portal_notices
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();

-- A new mode, "in the portal only"; "no email" used to mean "still shown in the portal": it is
-- now said so.
ALTER TABLE notification_prefs DROP CONSTRAINT notification_prefs_mode_check;
ALTER TABLE notification_prefs ADD CONSTRAINT notification_prefs_mode_check
    CHECK (mode IN ('immediate', 'digest', 'portal', 'off'));
UPDATE notification_prefs SET mode = 'portal' WHERE mode = 'off';
