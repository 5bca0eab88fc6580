-- Order approval (issue 16): above this amount (minor units of the account's currency), an
-- order placed by a contact who may not approve waits for one of the company's approvers.
CREATE TABLE order_approval (
    customer_id UUID PRIMARY KEY REFERENCES customers (id),
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    above_minor BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
