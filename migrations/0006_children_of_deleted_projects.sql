-- A row added to a deleted project (a replayed offline write, a build that finished after its
-- project was deleted) joins the project's tombstone instead of appearing as a live orphan:
-- hidden like its siblings, and brought back with them if the project is restored.
CREATE OR REPLACE FUNCTION slate_inherit_project_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  project_deleted_at timestamptz;
BEGIN
  IF NEW.deleted_at IS NULL THEN
    SELECT deleted_at INTO project_deleted_at FROM slate_projects WHERE id = NEW.project_id;
    IF project_deleted_at IS NOT NULL THEN
      NEW.deleted_at := project_deleted_at;
    END IF;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER slate_files_inherit_tombstone BEFORE INSERT ON slate_files
  FOR EACH ROW EXECUTE FUNCTION slate_inherit_project_tombstone();
CREATE TRIGGER slate_assets_inherit_tombstone BEFORE INSERT ON slate_assets
  FOR EACH ROW EXECUTE FUNCTION slate_inherit_project_tombstone();
CREATE TRIGGER slate_runtime_sessions_inherit_tombstone BEFORE INSERT ON slate_runtime_sessions
  FOR EACH ROW EXECUTE FUNCTION slate_inherit_project_tombstone();
CREATE TRIGGER slate_build_jobs_inherit_tombstone BEFORE INSERT ON slate_build_jobs
  FOR EACH ROW EXECUTE FUNCTION slate_inherit_project_tombstone();
