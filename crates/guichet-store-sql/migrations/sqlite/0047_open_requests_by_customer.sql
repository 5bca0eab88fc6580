-- The customer's home lists what waits on it, among which its outstanding document requests
-- on every project: read from this index, not by scanning every request of the provider.
CREATE INDEX document_requests_open ON document_requests (tenant_id, customer_id, due_on)
  WHERE fulfilled_at IS NULL;
