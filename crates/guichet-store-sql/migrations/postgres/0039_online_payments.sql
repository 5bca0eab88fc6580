-- Paying online (issue 17): each provider's payment settings, the checkouts its contacts start
-- (what they chose to pay, on which invoices, and Stripe's Payment Intent), and the Stripe
-- events received (each once).
CREATE TABLE payment_settings (
    tenant_id UUID PRIMARY KEY REFERENCES tenants (id),
    card BOOLEAN NOT NULL,
    publishable_key TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    webhook_secret TEXT NOT NULL,
    partial BOOLEAN NOT NULL,
    transfer BOOLEAN NOT NULL,
    transfer_instructions TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE checkouts (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    customer_id UUID NOT NULL REFERENCES customers (id),
    created_by UUID NOT NULL REFERENCES users (id),
    created_by_name TEXT NOT NULL,
    currency TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    parts TEXT NOT NULL,
    intent_id TEXT,
    status TEXT NOT NULL,
    failure TEXT NOT NULL,
    unapplied_minor BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (tenant_id, intent_id)
);
CREATE INDEX checkouts_by_customer ON checkouts (tenant_id, customer_id, created_at);
CREATE TABLE payment_events (
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    outcome TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, event_id)
);
