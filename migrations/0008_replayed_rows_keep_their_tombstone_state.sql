-- Also found by the convergence property test: the BEFORE INSERT trigger of 0006 runs for the
-- proposed row of INSERT … ON CONFLICT DO UPDATE as well, so a replicated live child of a project
-- that is deleted here arrived tombstoned, with the sender's updated_at: two versions of one row
-- with the same timestamp, which last-writer-wins cannot settle. A replicated row is taken as it
-- was written; the project's own row (and its cascade, with fresh timestamps) settles the rest.
CREATE OR REPLACE FUNCTION slate_inherit_project_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  project_deleted_at timestamptz;
BEGIN
  IF NEW.deleted_at IS NULL AND NOT slate_replaying() THEN
    SELECT deleted_at INTO project_deleted_at FROM slate_projects WHERE id = NEW.project_id;
    IF project_deleted_at IS NOT NULL THEN
      NEW.deleted_at := project_deleted_at;
    END IF;
  END IF;
  RETURN NEW;
END
$$;
