-- A contact's favourite products, per customer account (issue 16).
CREATE TABLE favourites (
    user_id BLOB NOT NULL REFERENCES users (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    product_id BLOB NOT NULL REFERENCES products (id),
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, customer_id, product_id)
);
