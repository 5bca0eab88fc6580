-- "View the documents" links: a token (hashed) opening one document or a project, until it
-- expires or is revoked; uses counted.
CREATE TABLE share_links (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    project_id BLOB NOT NULL REFERENCES projects (id),
    document_id BLOB REFERENCES documents (id),
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BLOB NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    uses INTEGER NOT NULL,
    last_used_at INTEGER
);
CREATE INDEX share_links_by_project ON share_links (project_id, created_at);
