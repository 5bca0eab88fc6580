-- Partial shipments (issue 16): how much of each line has shipped, and each shipment with its
-- carrier, tracking number and quantities (JSON: [[line position, quantity], …]).
ALTER TABLE order_lines ADD COLUMN shipped_quantity BIGINT NOT NULL DEFAULT 0;
CREATE TABLE order_shipments (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    order_id UUID NOT NULL REFERENCES orders (id),
    at BIGINT NOT NULL,
    carrier TEXT,
    tracking TEXT NOT NULL,
    expected_on TEXT,
    lines TEXT NOT NULL,
    by_name TEXT NOT NULL
);
CREATE INDEX order_shipments_by_order ON order_shipments (order_id, at);
