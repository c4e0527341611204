-- Edges of the Unity reference graph: asset `from` references `to_guid` (with the fileID inside it).
-- to_guid is kept as text, not a foreign key: references to missing or built-in assets are real
-- data (the IDE reports them), and a dependency may be recorded before its target is indexed.
CREATE TABLE slate_asset_dependencies (
  project_id    uuid NOT NULL REFERENCES slate_projects (id) ON DELETE CASCADE,
  from_asset_id uuid NOT NULL REFERENCES slate_assets (id) ON DELETE CASCADE,
  to_guid       text NOT NULL CHECK (to_guid ~ '^[0-9a-f]{32}$'),
  -- Unity fileIDs are signed 64-bit: bigint, and text at the API edge (never a JS number)
  to_file_id    bigint NOT NULL DEFAULT 0,
  ref_type      smallint,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (from_asset_id, to_guid, to_file_id)
);
-- reverse lookups ("used by") are as fast as forward ones
CREATE INDEX slate_asset_dependencies_to_idx ON slate_asset_dependencies (project_id, to_guid);
