-- A contact's favourite products, per customer account (issue 16).
CREATE TABLE favourites (
    user_id UUID NOT NULL REFERENCES users (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    product_id UUID NOT NULL REFERENCES products (id),
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, customer_id, product_id)
);
