-- Portal roles: what a kind of contact may see and do (permissions as JSON, see
-- guichet-domain/src/roles.rs). Each tenant has exactly one default role; every membership
-- (contact × customer account) has one role and remembers who invited the contact.
CREATE TABLE roles (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    is_default BOOLEAN NOT NULL,
    permissions TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CONSTRAINT roles_name_unique UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX roles_one_default ON roles (tenant_id) WHERE is_default;

INSERT INTO roles (id, tenant_id, name, is_default, permissions, created_at, updated_at)
SELECT gen_random_uuid(), id, 'Client', TRUE, '{"modules":{"projects":{"ops":["view"],"scope":"company"},"documents":{"ops":["view"],"scope":"company"},"quotes":{"ops":["view"],"scope":"company"},"orders":{"ops":["view"],"scope":"company"},"invoices":{"ops":["view"],"scope":"company"},"support":{"ops":["view","create"],"scope":"company"},"company":{"ops":["view"],"scope":"company"},"contacts":{"ops":["view"],"scope":"company"}},"fields":{},"company_admin":false,"grantable":[]}', created_at, created_at FROM tenants;

ALTER TABLE memberships ADD COLUMN role_id UUID REFERENCES roles (id);
ALTER TABLE memberships ADD COLUMN invited_by UUID REFERENCES users (id);
UPDATE memberships m SET role_id = r.id FROM roles r WHERE r.tenant_id = m.tenant_id AND r.is_default;
ALTER TABLE memberships ALTER COLUMN role_id SET NOT NULL;
CREATE INDEX memberships_by_role ON memberships (role_id);

-- Roles feed signed-in sessions: tell the other instances (see 0003).
CREATE TRIGGER roles_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
