-- Quotes (issue 16): asked for by a customer or started by staff, answered with lines; each
-- revision sent is a PDF kept in the blob store by its SHA-256 (never changed); the acceptance
-- (JSON: who, name typed, strokes drawn, revision, SHA-256, when, from where) freezes it and
-- places its order, which remembers the quote and the deposit due.
CREATE TABLE quote_counters (
    tenant_id UUID PRIMARY KEY REFERENCES tenants (id),
    last BIGINT NOT NULL
);

CREATE TABLE quotes (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    number BIGINT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    request TEXT NOT NULL,
    requested_by UUID REFERENCES users (id),
    requested_by_name TEXT NOT NULL,
    lang TEXT NOT NULL,
    currency TEXT NOT NULL,
    tax_region TEXT NOT NULL,
    valid_until TEXT,
    terms TEXT NOT NULL,
    deposit_percent BIGINT NOT NULL,
    revision BIGINT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    taxes TEXT NOT NULL,
    total_minor BIGINT NOT NULL,
    deposit_minor BIGINT NOT NULL,
    acceptance TEXT,
    reason TEXT NOT NULL,
    decided_by_name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, number)
);
CREATE INDEX quotes_by_customer ON quotes (tenant_id, customer_id, created_at);

CREATE TABLE quote_lines (
    quote_id UUID NOT NULL REFERENCES quotes (id),
    position BIGINT NOT NULL,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    product_id UUID NOT NULL REFERENCES products (id),
    sku TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    unit_minor BIGINT NOT NULL,
    discount_bp BIGINT NOT NULL,
    PRIMARY KEY (quote_id, position)
);

CREATE TABLE quote_revisions (
    quote_id UUID NOT NULL REFERENCES quotes (id),
    revision BIGINT NOT NULL,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    content TEXT NOT NULL,
    sent_by_name TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (quote_id, revision)
);

ALTER TABLE orders ADD COLUMN quote_id UUID REFERENCES quotes (id);
ALTER TABLE orders ADD COLUMN deposit_minor BIGINT NOT NULL DEFAULT 0;
