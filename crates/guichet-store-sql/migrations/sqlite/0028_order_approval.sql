-- Order approval (issue 16): above this amount (minor units of the account's currency), an
-- order placed by a contact who may not approve waits for one of the company's approvers.
CREATE TABLE order_approval (
    customer_id BLOB PRIMARY KEY REFERENCES customers (id),
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    above_minor INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
