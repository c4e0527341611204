-- The project an asset-processing log line belongs to, when its batch ran in one (the id SLATE
-- derives from the project's folder). With it the team policies of `slate team init` (row-level
-- security by project membership) cover these lines too: a member reads the lines of batches of
-- projects they belong to. Not a foreign key, as batch_id and asset_id are not: a batch runs on
-- files whether or not the project is a row yet (a CLI batch on a machine that never synced it).
-- Lines without a project (files outside any project) are seen by leads, services and workers.
ALTER TABLE slate_asset_logs ADD COLUMN project_id uuid;
CREATE INDEX slate_asset_logs_project_idx ON slate_asset_logs (project_id, "timestamp") WHERE project_id IS NOT NULL;
