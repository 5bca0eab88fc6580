-- Staff's project list across customers reads a provider's projects most recently changed
-- first.
CREATE INDEX projects_by_tenant_recent ON projects (tenant_id, updated_at);
