-- Found by the convergence property test (src-main/store/lww-convergence.property.test.ts): when
-- a replayed project row changes deleted_at, the cascade to its children ran in replay mode too
-- and kept the children's old updated_at. A child could then exist in two versions (tombstoned
-- on one side, live on the other) with the same updated_at, and last-writer-wins never settled
-- it. A cascade is a new write on this database: it takes fresh timestamps, the newer version
-- wins on the next exchange, and both sides converge.
CREATE OR REPLACE FUNCTION slate_project_cascade_soft_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  replaying text := coalesce(current_setting('slate.replaying', true), '');
BEGIN
  PERFORM set_config('slate.replaying', 'off', true);
  IF OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL THEN
    UPDATE slate_files SET deleted_at = NEW.deleted_at WHERE project_id = NEW.id AND deleted_at IS NULL;
    UPDATE slate_assets SET deleted_at = NEW.deleted_at WHERE project_id = NEW.id AND deleted_at IS NULL;
    UPDATE slate_runtime_sessions SET deleted_at = NEW.deleted_at WHERE project_id = NEW.id AND deleted_at IS NULL;
    UPDATE slate_build_jobs SET deleted_at = NEW.deleted_at WHERE project_id = NEW.id AND deleted_at IS NULL;
  ELSIF OLD.deleted_at IS NOT NULL AND NEW.deleted_at IS NULL THEN
    UPDATE slate_files SET deleted_at = NULL WHERE project_id = NEW.id AND deleted_at = OLD.deleted_at;
    UPDATE slate_assets SET deleted_at = NULL WHERE project_id = NEW.id AND deleted_at = OLD.deleted_at;
    UPDATE slate_runtime_sessions SET deleted_at = NULL WHERE project_id = NEW.id AND deleted_at = OLD.deleted_at;
    UPDATE slate_build_jobs SET deleted_at = NULL WHERE project_id = NEW.id AND deleted_at = OLD.deleted_at;
  END IF;
  PERFORM set_config('slate.replaying', replaying, true);
  RETURN NULL;
END
$$;
