-- Unpaid invoices, newest first: a customer's (what "My invoices" says is owed, read on every
-- visit) and the provider's (staff's list, the reminders' planner), without walking the paid
-- ones. Partial indexes: only statements saying "voided_at IS NULL AND paid_minor <
-- total_minor" in those words use them.
CREATE INDEX invoices_unpaid_by_customer ON invoices (customer_id, issued_on, id)
    WHERE voided_at IS NULL AND paid_minor < total_minor;
CREATE INDEX invoices_unpaid_by_tenant ON invoices (tenant_id, issued_on, id)
    WHERE voided_at IS NULL AND paid_minor < total_minor;
