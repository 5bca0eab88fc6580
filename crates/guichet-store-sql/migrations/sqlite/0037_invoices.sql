-- Invoices and credit notes (issue 17): numbered per provider and kind; their lines, taxes and
-- payment schedule as JSON (an issued invoice's lines never change); paid_minor follows the
-- payments and credits applied; due_on is the schedule's last date (for lists and reminders);
-- a voided invoice keeps its number and owes nothing.
CREATE TABLE invoice_counters (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    kind TEXT NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, kind)
);

CREATE TABLE invoices (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    order_id BLOB REFERENCES orders (id),
    quote_id BLOB REFERENCES quotes (id),
    credits BLOB REFERENCES invoices (id),
    currency TEXT NOT NULL,
    lines TEXT NOT NULL,
    subtotal_minor INTEGER NOT NULL,
    taxes TEXT NOT NULL,
    total_minor INTEGER NOT NULL,
    issued_on TEXT NOT NULL,
    schedule TEXT NOT NULL,
    due_on TEXT NOT NULL,
    paid_minor INTEGER NOT NULL,
    note TEXT NOT NULL,
    voided_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (tenant_id, kind, number)
);
-- A customer's invoices newest first (the portal's list), and an order's.
CREATE INDEX invoices_by_customer ON invoices (customer_id, issued_on, id);
CREATE INDEX invoices_by_order ON invoices (order_id);
