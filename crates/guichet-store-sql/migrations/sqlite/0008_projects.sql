-- Projects (dossiers): one shared space per piece of work for a customer account.
CREATE TABLE projects (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    title TEXT NOT NULL,
    reference TEXT NOT NULL,
    description TEXT NOT NULL,
    site TEXT NOT NULL,
    starts_on TEXT,
    ends_on TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'on_hold', 'closed')),
    created_by BLOB NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX projects_by_customer ON projects (customer_id, created_at);
