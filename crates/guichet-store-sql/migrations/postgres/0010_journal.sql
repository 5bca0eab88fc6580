-- The activity journal: append-only and hash-chained per tenant (see guichet-domain journal.rs).
CREATE TABLE journal (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor UUID,
    actor_label TEXT NOT NULL,
    ip TEXT NOT NULL,
    action TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    object_id UUID NOT NULL,
    customer_id UUID,
    project_id UUID,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT journal_seq_unique UNIQUE (tenant_id, seq)
);
CREATE INDEX journal_by_project ON journal (project_id, seq);
CREATE INDEX journal_by_object ON journal (object_id, seq);
