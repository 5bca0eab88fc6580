-- Messages on a project or one of its documents.
CREATE TABLE comments (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    project_id BLOB NOT NULL REFERENCES projects (id),
    document_id BLOB REFERENCES documents (id),
    author BLOB NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX comments_by_project ON comments (project_id, created_at);
