-- Payments received against an invoice (issue 17): recorded by staff (a transfer, a cheque…),
-- each added to its invoice's paid_minor in the same transaction, never above its total; the
-- form's key makes a payment submitted twice one payment.
CREATE TABLE payments (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    invoice_id BLOB NOT NULL REFERENCES invoices (id),
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    method TEXT NOT NULL,
    reference TEXT NOT NULL,
    received_on TEXT NOT NULL,
    recorded_by_name TEXT NOT NULL,
    submit_key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, submit_key)
);
CREATE INDEX payments_by_invoice ON payments (invoice_id, received_on);
CREATE INDEX payments_by_customer ON payments (customer_id, received_on);
