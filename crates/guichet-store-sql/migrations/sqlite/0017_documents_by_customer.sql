-- An account's documents across its projects, newest first (keyset pagination).
CREATE INDEX documents_by_customer ON documents (customer_id, created_at, id);
