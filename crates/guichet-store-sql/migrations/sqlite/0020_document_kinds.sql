-- The document kinds a provider uses, comma-separated codes ('': all of them).
ALTER TABLE tenants ADD COLUMN document_kinds TEXT NOT NULL DEFAULT '';
