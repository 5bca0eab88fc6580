-- Portal roles: what a kind of contact may see and do (permissions as JSON, see
-- guichet-domain/src/roles.rs). Each tenant has exactly one default role; every membership
-- (contact × customer account) has one role and remembers who invited the contact.
CREATE TABLE roles (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    permissions TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT roles_name_unique UNIQUE (tenant_id, name)
);
CREATE UNIQUE INDEX roles_one_default ON roles (tenant_id) WHERE is_default = 1;

INSERT INTO roles (id, tenant_id, name, is_default, permissions, created_at, updated_at)
SELECT randomblob(16), id, 'Client', 1, '{"modules":{"projects":{"ops":["view"],"scope":"company"},"documents":{"ops":["view"],"scope":"company"},"quotes":{"ops":["view"],"scope":"company"},"orders":{"ops":["view"],"scope":"company"},"invoices":{"ops":["view"],"scope":"company"},"support":{"ops":["view","create"],"scope":"company"},"company":{"ops":["view"],"scope":"company"},"contacts":{"ops":["view"],"scope":"company"}},"fields":{},"company_admin":false,"grantable":[]}', created_at, created_at FROM tenants;

CREATE TABLE memberships_v3 (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    role_id BLOB NOT NULL REFERENCES roles (id),
    invited_by BLOB REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (customer_id, user_id)
);
INSERT INTO memberships_v3 (tenant_id, customer_id, user_id, role_id, invited_by, created_at)
SELECT m.tenant_id, m.customer_id, m.user_id, r.id, NULL, m.created_at
FROM memberships m CROSS JOIN roles r WHERE r.tenant_id = m.tenant_id AND r.is_default = 1;
DROP TABLE memberships;
ALTER TABLE memberships_v3 RENAME TO memberships;
CREATE INDEX memberships_by_user ON memberships (user_id);
CREATE INDEX memberships_by_role ON memberships (role_id);
