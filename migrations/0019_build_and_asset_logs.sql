-- Build and asset-processing log lines, stored by the logs service (`slate services --only logs`)
-- from the bus (<root>.build.<jobId>.log, <root>.asset.<id>.log, <root>.asset.batch.<id>.log),
-- next to the runtime lines of slate_runtime_logs. Append-only like it: no soft delete.
--
-- A build's line is keyed by its number in the build's log, so a message delivered twice (a
-- JetStream redelivery after a lost ack) stores each line once. A farm job built twice (its
-- first worker died) keeps the lines of the attempt that came first.
CREATE TABLE slate_build_logs (
  job_id      uuid NOT NULL REFERENCES slate_build_jobs (id) ON DELETE CASCADE,
  line_no     integer NOT NULL CHECK (line_no >= 1),
  level       text NOT NULL CHECK (level IN ('trace', 'debug', 'info', 'warning', 'error', 'exception', 'assert')),
  message     text NOT NULL,
  "timestamp" timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (job_id, line_no)
);
CREATE INDEX slate_build_logs_problems_idx ON slate_build_logs (job_id, line_no) WHERE level IN ('warning', 'error', 'exception', 'assert');

-- Asset processing: one line per processed file of a batch (batch_id), or about one asset
-- (asset_id). The ids are the bus subject's tokens, not foreign keys: a batch runs on files
-- whether or not they are rows of slate_assets. id is derived from the JetStream sequence when
-- there is one (a redelivery is the same row).
CREATE TABLE slate_asset_logs (
  id          uuid PRIMARY KEY,
  batch_id    text CHECK (batch_id IS NULL OR length(batch_id) <= 128),
  asset_id    text CHECK (asset_id IS NULL OR length(asset_id) <= 128),
  level       text NOT NULL CHECK (level IN ('trace', 'debug', 'info', 'warning', 'error', 'exception', 'assert')),
  message     text NOT NULL,
  source      text,
  "timestamp" timestamptz NOT NULL DEFAULT clock_timestamp(),
  metadata    jsonb NOT NULL DEFAULT '{}'::jsonb,
  CHECK (batch_id IS NOT NULL OR asset_id IS NOT NULL)
);
CREATE INDEX slate_asset_logs_batch_idx ON slate_asset_logs (batch_id, "timestamp") WHERE batch_id IS NOT NULL;
CREATE INDEX slate_asset_logs_asset_idx ON slate_asset_logs (asset_id, "timestamp") WHERE asset_id IS NOT NULL;
