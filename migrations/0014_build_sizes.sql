-- Build sizes (issue 14): the files a build wrote (Unity's m_Files, or the bundles of a content
-- build), and for each packed entry how many objects it sums. A packed row is one source asset's
-- objects of one class in one output file (output_file, added in 0003, now filled in).

CREATE TABLE slate_build_files (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job_id      uuid NOT NULL REFERENCES slate_build_jobs (id) ON DELETE CASCADE,
  path        text NOT NULL,          -- relative to the project (or the output folder), '/'-separated
  role        text NOT NULL DEFAULT '',
  size        bigint NOT NULL CHECK (size >= 0),
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX slate_build_files_job_idx ON slate_build_files (job_id, size DESC);

ALTER TABLE slate_build_packed_assets ADD COLUMN object_count integer NOT NULL DEFAULT 1 CHECK (object_count >= 0);

-- "This asset over the last N builds": by GUID, newest jobs found through the job index.
CREATE INDEX slate_build_packed_assets_guid_idx ON slate_build_packed_assets (guid, job_id) WHERE guid IS NOT NULL;
