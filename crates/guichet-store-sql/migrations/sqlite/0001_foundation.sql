CREATE TABLE tenants (
    id BLOB PRIMARY KEY,
    host TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    base_url TEXT NOT NULL,
    primary_colour TEXT NOT NULL,
    logo_svg TEXT,
    default_locale TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE users (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    kind TEXT NOT NULL CHECK (kind IN ('staff', 'contact')),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    locale TEXT NOT NULL,
    staff_role TEXT,
    active INTEGER NOT NULL,
    password_hash TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT users_email_unique UNIQUE (tenant_id, email)
);

CREATE TABLE customers (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    number TEXT NOT NULL,
    name TEXT NOT NULL,
    locale TEXT NOT NULL,
    currency TEXT NOT NULL,
    billing_line1 TEXT NOT NULL, billing_line2 TEXT NOT NULL, billing_city TEXT NOT NULL,
    billing_region TEXT NOT NULL, billing_postal_code TEXT NOT NULL, billing_country TEXT NOT NULL,
    shipping_line1 TEXT NOT NULL, shipping_line2 TEXT NOT NULL, shipping_city TEXT NOT NULL,
    shipping_region TEXT NOT NULL, shipping_postal_code TEXT NOT NULL, shipping_country TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT customers_number_unique UNIQUE (tenant_id, number)
);
CREATE INDEX customers_by_name ON customers (tenant_id, name, id);

CREATE TABLE memberships (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    customer_id BLOB NOT NULL REFERENCES customers (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (customer_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE sessions (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    user_agent TEXT NOT NULL,
    ip TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE tokens (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    spent_at INTEGER
);
CREATE INDEX tokens_by_user ON tokens (user_id, purpose);

CREATE TABLE login_failures (
    tenant_id BLOB NOT NULL,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (tenant_id, key, at);

CREATE TABLE outbox_emails (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox_emails (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_by_tenant ON outbox_emails (tenant_id, created_at);
