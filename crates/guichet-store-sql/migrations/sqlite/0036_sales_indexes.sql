-- Sales pages read in their index's order (issue 16 benchmark): a catalog page by name then id,
-- a customer's orders newest first then by id, without sorting the rest; a customer's orders
-- at one status (those waiting for approval) without reading the others.
DROP INDEX products_by_name;
CREATE INDEX products_by_name ON products (tenant_id, name_fr, id);
DROP INDEX orders_by_customer;
CREATE INDEX orders_by_customer ON orders (customer_id, created_at, id);
CREATE INDEX orders_by_customer_status ON orders (customer_id, status, created_at);
