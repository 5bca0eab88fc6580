-- The customer's address book: shipping addresses, one default per customer, archived rather
-- than deleted once an order used them.
CREATE TABLE addresses (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    label TEXT NOT NULL,
    site TEXT NOT NULL,
    line1 TEXT NOT NULL,
    line2 TEXT NOT NULL,
    city TEXT NOT NULL,
    region TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    country TEXT NOT NULL,
    instructions TEXT NOT NULL,
    is_default INTEGER NOT NULL,
    archived_at INTEGER,
    used_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX addresses_by_customer ON addresses (customer_id);
CREATE UNIQUE INDEX addresses_one_default ON addresses (customer_id) WHERE is_default = 1;
