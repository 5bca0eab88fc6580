-- Messages on a project or one of its documents.
CREATE TABLE comments (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    project_id UUID NOT NULL REFERENCES projects (id),
    document_id UUID REFERENCES documents (id),
    author UUID NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX comments_by_project ON comments (project_id, created_at);
