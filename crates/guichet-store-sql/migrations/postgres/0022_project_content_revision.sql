-- A project's content revision: bumped, in the same transaction, by every change to what its
-- page lists (documents and their versions, requests, comments, the team, and the names of the
-- people shown), so that a server may keep that content in memory while the revision holds.
ALTER TABLE projects ADD COLUMN content_revision BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION guichet_touch_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    UPDATE projects SET content_revision = content_revision + 1 WHERE id = OLD.project_id;
  ELSE
    UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION guichet_touch_project_of_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE projects SET content_revision = content_revision + 1
   WHERE id = (SELECT d.project_id FROM documents d WHERE d.id = NEW.document_id);
  RETURN NULL;
END
$$;

CREATE FUNCTION guichet_touch_projects_of_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE projects SET content_revision = content_revision + 1
   WHERE id IN (SELECT t.project_id FROM project_team t WHERE t.user_id = NEW.id)
      OR id IN (SELECT c.project_id FROM comments c WHERE c.author = NEW.id);
  RETURN NULL;
END
$$;

CREATE TRIGGER documents_touch_project AFTER INSERT OR UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION guichet_touch_project();
CREATE TRIGGER requests_touch_project AFTER INSERT OR UPDATE OR DELETE ON document_requests
  FOR EACH ROW EXECUTE FUNCTION guichet_touch_project();
CREATE TRIGGER comments_touch_project AFTER INSERT OR UPDATE OR DELETE ON comments
  FOR EACH ROW EXECUTE FUNCTION guichet_touch_project();
CREATE TRIGGER team_touch_project AFTER INSERT OR UPDATE OR DELETE ON project_team
  FOR EACH ROW EXECUTE FUNCTION guichet_touch_project();
CREATE TRIGGER versions_touch_project AFTER INSERT ON document_versions
  FOR EACH ROW EXECUTE FUNCTION guichet_touch_project_of_version();
CREATE TRIGGER people_touch_projects AFTER UPDATE OF name, email, phone, active ON users
  FOR EACH ROW
  WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.email IS DISTINCT FROM NEW.email
        OR OLD.phone IS DISTINCT FROM NEW.phone OR OLD.active IS DISTINCT FROM NEW.active)
  EXECUTE FUNCTION guichet_touch_projects_of_person();
CREATE INDEX comments_by_author ON comments (author);

-- A contact's shares are now part of a signed-in answer (decision 0003): their changes are
-- heard by every instance.
CREATE TRIGGER shares_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON shares
  FOR EACH STATEMENT EXECUTE FUNCTION guichet_notify_change();
