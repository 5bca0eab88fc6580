-- Documents of a project and their versions (each a stored file, by SHA-256 in the blob store).
CREATE TABLE documents (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    project_id UUID NOT NULL REFERENCES projects (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by UUID NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX documents_by_project ON documents (project_id, created_at);

CREATE TABLE document_versions (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    document_id UUID NOT NULL REFERENCES documents (id),
    number BIGINT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by UUID NOT NULL REFERENCES users (id),
    uploaded_at BIGINT NOT NULL,
    CONSTRAINT document_versions_number_unique UNIQUE (document_id, number)
);
CREATE INDEX document_versions_by_hash ON document_versions (sha256);
