-- Documents newest first, by account and by project (keyset pagination on created_at, id).
CREATE INDEX documents_by_customer ON documents (customer_id, created_at, id);
DROP INDEX documents_by_project;
CREATE INDEX documents_by_project ON documents (project_id, created_at, id);
