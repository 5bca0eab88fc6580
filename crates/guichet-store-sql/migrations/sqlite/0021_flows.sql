-- Pipelines: a provider's flow types (one JSON definition each) and where each project stands.
CREATE TABLE flow_types (
    id BLOB PRIMARY KEY,
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL,
    public TEXT NOT NULL,
    definition TEXT NOT NULL,
    revision BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX flow_types_by_tenant ON flow_types (tenant_id, name);

CREATE TABLE project_flows (
    project_id BLOB PRIMARY KEY REFERENCES projects (id),
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    flow_id BLOB NOT NULL REFERENCES flow_types (id),
    step TEXT NOT NULL,
    field_values TEXT NOT NULL,
    visit TEXT,
    -- The sub-statuses the project went through, in order (JSON array of keys).
    visited TEXT NOT NULL,
    revision BIGINT NOT NULL,
    entered_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX project_flows_by_flow ON project_flows (flow_id, step);
