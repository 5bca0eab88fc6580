-- My company: legal and billing details kept by the customer, every change recorded with the
-- values before and after, and the fields whose changes wait for staff approval.
CREATE TABLE company_profiles (
    customer_id BLOB PRIMARY KEY REFERENCES customers (id),
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    legal_name TEXT NOT NULL,
    tax_number TEXT NOT NULL,
    tax_number_qc TEXT NOT NULL,
    phone TEXT NOT NULL,
    billing_contact TEXT NOT NULL,
    billing_email TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE company_changes (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    field TEXT NOT NULL,
    before_value TEXT NOT NULL,
    after_value TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('applied', 'pending', 'approved', 'rejected')),
    created_at INTEGER NOT NULL,
    decided_by BLOB REFERENCES users (id),
    decided_at INTEGER
);
CREATE INDEX company_changes_by_customer ON company_changes (customer_id, created_at);

CREATE TABLE company_approval_fields (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    field TEXT NOT NULL,
    PRIMARY KEY (tenant_id, field)
);
