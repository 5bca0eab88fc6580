-- Work done later by any instance (issue 17, decision 0015): one row per job, unique by its
-- key within a provider (the same work is queued once, and kept once done so it is never done
-- again); claimed under a lease (run_at pushed to the lease's end, `lease` naming the claim that
-- alone may finish it); retried with back-off; outcome pending, done, dropped, superseded or
-- failed.
CREATE TABLE jobs (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    subject_id BLOB,
    payload TEXT NOT NULL,
    run_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    lease BLOB,
    outcome TEXT NOT NULL,
    done_at INTEGER,
    last_error TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (tenant_id, key)
);
-- What the workers claim next, a document's jobs (its reminders), a provider's latest of a kind.
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL;
CREATE INDEX jobs_by_subject ON jobs (tenant_id, subject_id, created_at);
CREATE INDEX jobs_by_kind ON jobs (tenant_id, kind, created_at);

-- Each provider's reminder rules: a kind, a number of days, the email in French and English.
CREATE TABLE reminder_rules (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    kind TEXT NOT NULL,
    days INTEGER NOT NULL,
    active BOOLEAN NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX reminder_rules_by_tenant ON reminder_rules (tenant_id, kind, days);
