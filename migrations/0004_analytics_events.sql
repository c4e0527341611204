-- Product and build analytics (success rates, sizes over time). Append-only.
CREATE TABLE slate_analytics_events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id  uuid REFERENCES slate_projects (id) ON DELETE CASCADE,
  user_id     text,
  name        text NOT NULL CHECK (name ~ '^[a-z][a-z0-9_.]{0,127}$'),
  properties  jsonb NOT NULL DEFAULT '{}'::jsonb,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX slate_analytics_events_name_time_idx ON slate_analytics_events (name, occurred_at);
CREATE INDEX slate_analytics_events_project_time_idx ON slate_analytics_events (project_id, occurred_at);
