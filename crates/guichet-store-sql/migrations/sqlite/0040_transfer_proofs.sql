-- Proofs of bank transfer sent by customers (issue 17): pending until staff confirm one (its
-- payment recorded in the same transaction) or reject it.
CREATE TABLE transfer_proofs (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    invoice_id BLOB NOT NULL REFERENCES invoices (id),
    invoice_number INTEGER NOT NULL,
    amount_minor INTEGER NOT NULL,
    currency TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    reference TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    file_type TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    sent_by BLOB NOT NULL REFERENCES users (id),
    sent_by_name TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_by_name TEXT NOT NULL,
    decided_at INTEGER,
    reason TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX transfer_proofs_by_invoice ON transfer_proofs (tenant_id, invoice_id, created_at);
CREATE INDEX transfer_proofs_pending ON transfer_proofs (tenant_id, status, created_at);
