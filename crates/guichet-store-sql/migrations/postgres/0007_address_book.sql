-- The customer's address book: shipping addresses, one default per customer, archived rather
-- than deleted once an order used them.
CREATE TABLE addresses (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    label TEXT NOT NULL,
    site TEXT NOT NULL,
    line1 TEXT NOT NULL,
    line2 TEXT NOT NULL,
    city TEXT NOT NULL,
    region TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,
    instructions TEXT NOT NULL,
    is_default BOOLEAN NOT NULL,
    archived_at BIGINT,
    used_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX addresses_by_customer ON addresses (customer_id);
CREATE UNIQUE INDEX addresses_one_default ON addresses (customer_id) WHERE is_default;
