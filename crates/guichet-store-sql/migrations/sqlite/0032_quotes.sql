-- Quotes (issue 16): asked for by a customer or started by staff, answered with lines; each
-- revision sent is a PDF kept in the blob store by its SHA-256 (never changed); the acceptance
-- (JSON: who, name typed, strokes drawn, revision, SHA-256, when, from where) freezes it and
-- places its order, which remembers the quote and the deposit due.
CREATE TABLE quote_counters (
    tenant_id BLOB PRIMARY KEY REFERENCES tenants (id),
    last INTEGER NOT NULL
);

CREATE TABLE quotes (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    number INTEGER NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    request TEXT NOT NULL,
    requested_by BLOB REFERENCES users (id),
    requested_by_name TEXT NOT NULL,
    lang TEXT NOT NULL,
    currency TEXT NOT NULL,
    tax_region TEXT NOT NULL,
    valid_until TEXT,
    terms TEXT NOT NULL,
    deposit_percent INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    subtotal_minor INTEGER NOT NULL,
    taxes TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    deposit_minor INTEGER NOT NULL,
    acceptance TEXT,
    reason TEXT NOT NULL,
    decided_by_name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, number)
);
CREATE INDEX quotes_by_customer ON quotes (tenant_id, customer_id, created_at);

CREATE TABLE quote_lines (
    quote_id BLOB NOT NULL REFERENCES quotes (id),
    position INTEGER NOT NULL,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    product_id BLOB NOT NULL REFERENCES products (id),
    sku TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_minor INTEGER NOT NULL,
    discount_bp INTEGER NOT NULL,
    PRIMARY KEY (quote_id, position)
);

CREATE TABLE quote_revisions (
    quote_id BLOB NOT NULL REFERENCES quotes (id),
    revision INTEGER NOT NULL,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    content TEXT NOT NULL,
    sent_by_name TEXT NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (quote_id, revision)
);

ALTER TABLE orders ADD COLUMN quote_id BLOB REFERENCES quotes (id);
ALTER TABLE orders ADD COLUMN deposit_minor INTEGER NOT NULL DEFAULT 0;
