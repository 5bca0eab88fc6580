-- The provider's people on a project, shown to the customer with how to reach them.
CREATE TABLE project_team (
    tenant_id BLOB NOT NULL REFERENCES tenants (id),
    project_id BLOB NOT NULL REFERENCES projects (id),
    user_id BLOB NOT NULL REFERENCES users (id),
    PRIMARY KEY (project_id, user_id)
);
