-- Team membership: who belongs to which project, with which role. Read by the row-level security
-- policies that `slate team init` writes for a team database (the embedded solo database has no
-- policies: its one user owns everything). `member` is the database role of the identity.
CREATE TABLE slate_project_members (
  project_id  uuid NOT NULL REFERENCES slate_projects (id) ON DELETE CASCADE,
  member      text NOT NULL CHECK (length(member) BETWEEN 1 AND 63),
  role        text NOT NULL CHECK (role IN ('lead', 'developer', 'artist', 'viewer', 'worker', 'services', 'owner')),
  added_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (project_id, member)
);
CREATE INDEX slate_project_members_member_idx ON slate_project_members (member);
