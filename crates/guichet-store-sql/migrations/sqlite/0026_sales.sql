-- Selling (issue 16): segments, customers' sales terms, products and their price rules, carts,
-- orders with their lines and timeline. Money is INTEGER minor units beside its currency code.
CREATE TABLE segments (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, name)
);

CREATE TABLE customer_terms (
    customer_id BLOB PRIMARY KEY REFERENCES customers (id),
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    segment_id BLOB REFERENCES segments (id),
    tax_region TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE products (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    sku TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_fr TEXT NOT NULL,
    description_en TEXT NOT NULL,
    category_fr TEXT NOT NULL,
    category_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    availability TEXT NOT NULL,
    lead_days INTEGER NOT NULL,
    min_quantity INTEGER NOT NULL,
    multiple INTEGER NOT NULL,
    active INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, sku)
);
CREATE INDEX products_by_name ON products (tenant_id, name_fr);

CREATE TABLE price_rules (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    product_id BLOB NOT NULL REFERENCES products (id),
    target TEXT NOT NULL,
    segment_id BLOB REFERENCES segments (id),
    customer_id BLOB REFERENCES customers (id),
    min_quantity INTEGER NOT NULL,
    unit_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    valid_from TEXT,
    valid_until TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX price_rules_by_product ON price_rules (product_id);

CREATE TABLE cart_lines (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    product_id BLOB NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL,
    seen_unit_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, customer_id, product_id)
);

-- The last order number given, per provider (one row each; its lock orders placements).
CREATE TABLE order_counters (
    tenant_id BLOB PRIMARY KEY REFERENCES tenants (id),
    last INTEGER NOT NULL
);

CREATE TABLE orders (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    number INTEGER NOT NULL,
    placed_by BLOB NOT NULL REFERENCES users (id),
    placed_by_name TEXT NOT NULL,
    status TEXT NOT NULL,
    po_number TEXT NOT NULL,
    note TEXT NOT NULL,
    requested_on TEXT,
    address_id BLOB REFERENCES addresses (id),
    ship_to TEXT NOT NULL,
    currency TEXT NOT NULL,
    subtotal_minor INTEGER NOT NULL,
    taxes TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    carrier TEXT,
    tracking TEXT NOT NULL,
    expected_on TEXT,
    submit_key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, submit_key)
);
CREATE INDEX orders_by_customer ON orders (customer_id, created_at);
CREATE INDEX orders_by_tenant ON orders (tenant_id, created_at);

CREATE TABLE order_lines (
    order_id BLOB NOT NULL REFERENCES orders (id),
    position INTEGER NOT NULL,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    product_id BLOB NOT NULL REFERENCES products (id),
    sku TEXT NOT NULL,
    name_fr TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_minor INTEGER NOT NULL,
    total_minor INTEGER NOT NULL,
    PRIMARY KEY (order_id, position)
);

CREATE TABLE order_events (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    order_id BLOB NOT NULL REFERENCES orders (id),
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    by_name TEXT NOT NULL,
    note TEXT NOT NULL
);
CREATE INDEX order_events_by_order ON order_events (order_id, at);
