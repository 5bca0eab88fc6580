-- Conversations: files sent with messages, who follows a project, what each person has read.
ALTER TABLE comments ADD COLUMN attachment_id BLOB REFERENCES documents (id);
CREATE TABLE followers (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    project_id BLOB NOT NULL REFERENCES projects (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    since INTEGER NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
-- thread_id: the document's id, or the project's for its own conversation.
CREATE TABLE thread_reads (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    thread_id BLOB NOT NULL,
    read_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, thread_id)
);
-- Lines of daily summary emails, for people who chose "daily digest" for a kind of event.
CREATE TABLE digest_items (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    line TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
);
CREATE INDEX digest_items_pending ON digest_items (sent_at, created_at);
