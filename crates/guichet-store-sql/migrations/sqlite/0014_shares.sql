-- One contact's right on a project (document_id NULL) or on one of its documents, set by staff
-- over what the contact's role gives. At most one per (project, document, contact).
CREATE TABLE shares (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    project_id BLOB NOT NULL REFERENCES projects (id),
    document_id BLOB REFERENCES documents (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    level TEXT NOT NULL CHECK (level IN ('hidden', 'view', 'download', 'upload')),
    granted_by BLOB NOT NULL REFERENCES users (id),
    granted_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX shares_one ON shares (project_id, user_id, COALESCE(document_id, project_id));
CREATE INDEX shares_by_user ON shares (user_id, project_id);
