-- Files staff ask customers for, by a date, until someone uploads them.
CREATE TABLE document_requests (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    project_id BLOB NOT NULL REFERENCES projects (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    due_on TEXT,
    created_by BLOB NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    fulfilled_at INTEGER,
    fulfilled_by BLOB REFERENCES users (id),
    document_id BLOB REFERENCES documents (id)
);
CREATE INDEX document_requests_by_project ON document_requests (project_id, created_at);
