-- A quote's thread (issue 16): the customer's questions and staff's answers, each with at most
-- one file (kept in the blob store by its SHA-256).
CREATE TABLE quote_messages (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    quote_id UUID NOT NULL REFERENCES quotes (id),
    author_id UUID REFERENCES users (id),
    author_name TEXT NOT NULL,
    from_staff BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    file_sha256 TEXT,
    file_name TEXT,
    file_type TEXT,
    file_size BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX quote_messages_by_quote ON quote_messages (tenant_id, quote_id, created_at);
