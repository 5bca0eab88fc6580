-- Documents of a project and their versions (each a stored file, by SHA-256 in the blob store).
CREATE TABLE documents (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    project_id BLOB NOT NULL REFERENCES projects (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by BLOB NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX documents_by_project ON documents (project_id, created_at);

CREATE TABLE document_versions (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    document_id BLOB NOT NULL REFERENCES documents (id),
    number INTEGER NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BLOB NOT NULL REFERENCES users (id),
    uploaded_at INTEGER NOT NULL,
    CONSTRAINT document_versions_number_unique UNIQUE (document_id, number)
);
CREATE INDEX document_versions_by_hash ON document_versions (sha256);
