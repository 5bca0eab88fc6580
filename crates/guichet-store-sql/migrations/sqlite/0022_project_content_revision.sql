-- A project's content revision: bumped, in the same transaction, by every change to what its
-- page lists (documents and their versions, requests, comments, the team, and the names of the
-- people shown), so that a server may keep that content in memory while the revision holds.
-- (A contact's shares, now part of a signed-in answer, are heard by the update hook: src/sqlite.rs.)
ALTER TABLE projects ADD COLUMN content_revision INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER documents_touch_project_insert AFTER INSERT ON documents BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
END;
CREATE TRIGGER documents_touch_project_update AFTER UPDATE ON documents BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
END;
CREATE TRIGGER documents_touch_project_delete AFTER DELETE ON documents BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = OLD.project_id;
END;
CREATE TRIGGER requests_touch_project_insert AFTER INSERT ON document_requests BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
END;
CREATE TRIGGER requests_touch_project_update AFTER UPDATE ON document_requests BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
END;
CREATE TRIGGER requests_touch_project_delete AFTER DELETE ON document_requests BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = OLD.project_id;
END;
CREATE TRIGGER comments_touch_project_insert AFTER INSERT ON comments BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
END;
CREATE TRIGGER comments_touch_project_update AFTER UPDATE ON comments BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
END;
CREATE TRIGGER comments_touch_project_delete AFTER DELETE ON comments BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = OLD.project_id;
END;
CREATE TRIGGER team_touch_project_insert AFTER INSERT ON project_team BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = NEW.project_id;
END;
CREATE TRIGGER team_touch_project_delete AFTER DELETE ON project_team BEGIN
  UPDATE projects SET content_revision = content_revision + 1 WHERE id = OLD.project_id;
END;
CREATE TRIGGER versions_touch_project AFTER INSERT ON document_versions BEGIN
  UPDATE projects SET content_revision = content_revision + 1
   WHERE id = (SELECT d.project_id FROM documents d WHERE d.id = NEW.document_id);
END;
CREATE TRIGGER people_touch_projects AFTER UPDATE OF name, email, phone, active ON users
  WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email OR OLD.phone IS NOT NEW.phone
    OR OLD.active IS NOT NEW.active
BEGIN
  UPDATE projects SET content_revision = content_revision + 1
   WHERE id IN (SELECT t.project_id FROM project_team t WHERE t.user_id = NEW.id)
      OR id IN (SELECT c.project_id FROM comments c WHERE c.author = NEW.id);
END;
CREATE INDEX comments_by_author ON comments (author);
