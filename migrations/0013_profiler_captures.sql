-- Profiler captures: a live session's frames (a range) or an imported Profile Analyzer /
-- Performance Testing file, kept compactly: one bytea of gzip'd column arrays (int32 frame
-- numbers, then float32 per counter, NaN = not sampled) instead of a row per frame and counter;
-- 1 h at 60 fps of 100 counters is ~86 MB raw, much less gzip'd. The figures the list and the
-- comparison show are in `summary`, so listing never inflates the frames.
CREATE TABLE slate_profiler_captures (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id   uuid NOT NULL REFERENCES slate_projects (id) ON DELETE CASCADE,
  -- the runtime session it was recorded from (not a foreign key: a session may never have
  -- reached this database, e.g. recorded while the team server was away)
  session_id   uuid,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  source       text NOT NULL CHECK (source IN ('live', 'profile-analyzer', 'performance-test')),
  frame_count  integer NOT NULL CHECK (frame_count >= 0),
  counters     jsonb NOT NULL,
  summary      jsonb NOT NULL DEFAULT '{}'::jsonb,
  frames       bytea NOT NULL,
  metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX slate_profiler_captures_project_idx ON slate_profiler_captures (project_id, created_at DESC);
