-- The activity journal: append-only and hash-chained per tenant (see guichet-domain journal.rs).
CREATE TABLE journal (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
    actor BLOB,
    actor_label TEXT NOT NULL,
    ip TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id BLOB NOT NULL,
    customer_id BLOB,
    project_id BLOB,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT journal_seq_unique UNIQUE (tenant_id, seq)
);
CREATE INDEX journal_by_project ON journal (project_id, seq);
CREATE INDEX journal_by_object ON journal (object_id, seq);
