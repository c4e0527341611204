-- What Unity's BuildReport says about a build: its steps (with their messages) and the packed
-- assets of each output file. Rows belong to one build job and go away with it.

CREATE TABLE slate_build_steps (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id       uuid NOT NULL REFERENCES slate_build_jobs (id) ON DELETE CASCADE,
  step_index   integer NOT NULL CHECK (step_index >= 0),
  name         text NOT NULL,
  depth        integer NOT NULL DEFAULT 0 CHECK (depth >= 0),
  duration_ms  bigint NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
  status       text NOT NULL DEFAULT 'succeeded' CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped')),
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (job_id, step_index)
);
CREATE TRIGGER slate_build_steps_ts BEFORE INSERT OR UPDATE ON slate_build_steps FOR EACH ROW EXECUTE FUNCTION slate_set_timestamps();
CREATE INDEX slate_build_steps_updated_idx ON slate_build_steps (updated_at);

CREATE TABLE slate_build_messages (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id      uuid NOT NULL REFERENCES slate_build_jobs (id) ON DELETE CASCADE,
  step_id     uuid REFERENCES slate_build_steps (id) ON DELETE CASCADE,
  level       text NOT NULL CHECK (level IN ('trace', 'debug', 'info', 'warning', 'error', 'exception', 'assert')),
  message     text NOT NULL,
  file        text,
  line        integer CHECK (line IS NULL OR line >= 0),
  "timestamp" timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX slate_build_messages_job_idx ON slate_build_messages (job_id, "timestamp");
CREATE INDEX slate_build_messages_problems_idx ON slate_build_messages (job_id) WHERE level IN ('warning', 'error', 'exception', 'assert');

CREATE TABLE slate_build_packed_assets (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id          uuid NOT NULL REFERENCES slate_build_jobs (id) ON DELETE CASCADE,
  output_file     text NOT NULL,      -- e.g. "sharedassets0.assets" or "globalgamemanagers"
  source_path     text NOT NULL,      -- project-relative path of the source asset
  guid            text CHECK (guid IS NULL OR guid ~ '^[0-9a-f]{32}$'),
  type            text NOT NULL DEFAULT '',
  packed_size     bigint NOT NULL CHECK (packed_size >= 0),
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX slate_build_packed_assets_job_size_idx ON slate_build_packed_assets (job_id, packed_size DESC);

-- A build summary is denormalised onto the job (metadata holds the BuildReport summary JSON);
-- these two columns are what the dashboards sort and chart by.
ALTER TABLE slate_build_jobs ADD COLUMN total_size bigint CHECK (total_size IS NULL OR total_size >= 0);
ALTER TABLE slate_build_jobs ADD COLUMN duration_ms bigint CHECK (duration_ms IS NULL OR duration_ms >= 0);
