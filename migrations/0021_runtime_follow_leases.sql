-- Which container-service instance follows a running session's container (its log and its
-- stats). Several instances share one Docker engine (`slate services --only container` on N
-- machines or processes, a queue group); without this every instance that starts adopts every
-- running container and each line is published N times. An instance holds a lease per session it
-- follows and renews it every few seconds; another takes the session over only once the lease has
-- lapsed (its holder died), found by its periodic reconcile. The database's clock decides expiry,
-- so instances on machines whose clocks differ agree.
CREATE TABLE slate_runtime_follow_leases (
  session_id   uuid PRIMARY KEY REFERENCES slate_runtime_sessions (id) ON DELETE CASCADE,
  owner        text NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
  heartbeat_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
