-- Offline first. In team mode the embedded database mirrors what a user needs away from the
-- network; writes made while the team server is unreachable are applied locally and recorded here,
-- then replayed in seq order on reconnect. Each entry carries the full row after the write, so a
-- replay is an idempotent upsert (same UUID; last writer wins by updated_at; tombstones are rows).
-- The table exists on the team server too (same migrations everywhere) but stays empty there.
CREATE TABLE slate_sync_outbox (
  seq         bigserial PRIMARY KEY,
  table_name  text NOT NULL,
  row_id      uuid NOT NULL,
  row_data    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text
);
CREATE INDEX slate_sync_outbox_row_idx ON slate_sync_outbox (table_name, row_id);

-- High-water marks of the mirror's pulls from the team server, one per table.
CREATE TABLE slate_sync_state (
  table_name  text PRIMARY KEY,
  pulled_until timestamptz NOT NULL DEFAULT '-infinity',
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
