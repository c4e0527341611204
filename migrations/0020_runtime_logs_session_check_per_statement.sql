-- slate_runtime_logs.session_id is checked once per statement instead of once per row.
--
-- A foreign key checks each inserted row with its own lookup (PostgreSQL's RI trigger fires per
-- row, also under COPY). Log lines arrive in COPY batches of thousands that name a handful of
-- sessions, so that is thousands of lookups of the same few rows: measured on the 2-core CI
-- machine with 400,000 time-ordered lines in COPY batches of 5000, the foreign key held COPY to
-- 111k rows/s with one connection (152k with two); checking the batch's distinct sessions once
-- per statement gives 184k (232k), within 10% of no check at all (203k, 254k).
--
-- The guarantee is the foreign key's, kept by triggers:
--   * an insert or update naming a session that does not exist fails with foreign_key_violation
--     (SQLSTATE 23503, as the foreign key did: the log sink and the sync replayer rely on it);
--   * the sessions it names are locked FOR KEY SHARE, as the foreign key's check locks them, so
--     a session cannot be deleted while lines of it are being written;
--   * deleting a session deletes its lines (ON DELETE CASCADE), and a session's id cannot change.
-- The functions run as their owner (SECURITY DEFINER, as the foreign key's checks do), so a role
-- that may only insert lines does not need rights on the sessions table.
ALTER TABLE slate_runtime_logs DROP CONSTRAINT slate_runtime_logs_session_id_fkey;

CREATE FUNCTION slate_runtime_logs_sessions_exist() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  wanted integer;
  locked integer;
  missing uuid;
BEGIN
  SELECT count(DISTINCT session_id) INTO wanted FROM new_rows;
  PERFORM 1 FROM slate_runtime_sessions s WHERE s.id IN (SELECT session_id FROM new_rows) FOR KEY SHARE OF s;
  GET DIAGNOSTICS locked = ROW_COUNT;
  IF locked < wanted THEN
    SELECT n.session_id INTO missing FROM new_rows n
      WHERE NOT EXISTS (SELECT 1 FROM slate_runtime_sessions s WHERE s.id = n.session_id) LIMIT 1;
    RAISE foreign_key_violation USING
      MESSAGE = 'insert or update on table "slate_runtime_logs" names a runtime session that does not exist',
      DETAIL = format('Key (session_id)=(%s) is not present in table "slate_runtime_sessions".', missing),
      TABLE = 'slate_runtime_logs';
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER slate_runtime_logs_sessions_exist_on_insert AFTER INSERT ON slate_runtime_logs
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION slate_runtime_logs_sessions_exist();
CREATE TRIGGER slate_runtime_logs_sessions_exist_on_update AFTER UPDATE ON slate_runtime_logs
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION slate_runtime_logs_sessions_exist();

CREATE FUNCTION slate_runtime_sessions_delete_logs() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  DELETE FROM slate_runtime_logs l USING old_rows o WHERE l.session_id = o.id;
  RETURN NULL;
END $$;

CREATE TRIGGER slate_runtime_sessions_delete_logs AFTER DELETE ON slate_runtime_sessions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION slate_runtime_sessions_delete_logs();

CREATE FUNCTION slate_runtime_sessions_keep_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE foreign_key_violation USING
    MESSAGE = 'the id of a runtime session cannot change (its log lines name it)',
    TABLE = 'slate_runtime_sessions';
END $$;

CREATE TRIGGER slate_runtime_sessions_keep_id BEFORE UPDATE OF id ON slate_runtime_sessions
  FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION slate_runtime_sessions_keep_id();
