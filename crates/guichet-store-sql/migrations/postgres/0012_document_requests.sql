-- Files staff ask customers for, by a date, until someone uploads them.
CREATE TABLE document_requests (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    project_id UUID NOT NULL REFERENCES projects (id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    due_on TEXT,
    created_by UUID NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    fulfilled_at BIGINT,
    fulfilled_by UUID REFERENCES users (id),
    document_id UUID REFERENCES documents (id)
);
CREATE INDEX document_requests_by_project ON document_requests (project_id, created_at);
