-- "View the documents" links: a token (hashed) opening one document or a project, until it
-- expires or is revoked; uses counted.
CREATE TABLE share_links (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    project_id UUID NOT NULL REFERENCES projects (id),
    document_id UUID REFERENCES documents (id),
    label TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by UUID NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    uses BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX share_links_by_project ON share_links (project_id, created_at);
