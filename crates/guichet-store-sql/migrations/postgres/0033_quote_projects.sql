-- A quote may answer for one of its customer's projects (issue 16): the offer step of the
-- project's flow shows it, and accepting or refusing it moves the flow (same transaction).
ALTER TABLE quotes ADD COLUMN project_id UUID REFERENCES projects (id);
CREATE INDEX quotes_by_project ON quotes (tenant_id, project_id) WHERE project_id IS NOT NULL;
