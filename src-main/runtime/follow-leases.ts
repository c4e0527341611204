import { randomUUID } from 'node:crypto'
import os from 'node:os'
import type { Database } from '../store/db'

/**
 * Leases on following a session's container (migration 0021): one container-service instance
 * follows each running session, another takes over only after the holder stopped renewing.
 * Expiry is judged by the database's clock.
 */
export class FollowLeases {
  /** A name for this instance that no other has: host, pid and a random part. */
  static newOwner(): string {
    return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  }

  constructor(
    private readonly db: Database,
    /** this instance's name in the leases it holds */
    readonly owner = FollowLeases.newOwner(),
    /** a lease not renewed for this long is free (renew at a third of it) */
    readonly ttlMs = 15_000,
  ) {}

  /** Take the session's lease if it is free, lapsed or already ours. */
  async claim(sessionId: string): Promise<boolean> {
    const r = await this.db.query(
      `INSERT INTO slate_runtime_follow_leases (session_id, owner) VALUES ($1, $2)
       ON CONFLICT (session_id) DO UPDATE SET owner = EXCLUDED.owner, heartbeat_at = clock_timestamp()
         WHERE slate_runtime_follow_leases.owner = EXCLUDED.owner
            OR slate_runtime_follow_leases.heartbeat_at < clock_timestamp() - make_interval(secs => $3)
       RETURNING session_id`,
      [sessionId, this.owner, this.ttlMs / 1000],
    )
    return (r.rowCount ?? 0) > 0
  }

  /** Renew our leases of these sessions; returns the ones that are no longer ours (taken over after a lapse). */
  async renew(sessionIds: string[]): Promise<string[]> {
    if (sessionIds.length === 0) return []
    const r = await this.db.query<{ session_id: string }>(
      `UPDATE slate_runtime_follow_leases SET heartbeat_at = clock_timestamp()
       WHERE owner = $1 AND session_id = ANY($2::uuid[]) RETURNING session_id::text`,
      [this.owner, sessionIds],
    )
    const kept = new Set(r.rows.map((x) => x.session_id))
    return sessionIds.filter((id) => !kept.has(id))
  }

  /** Give the lease back (the container ended, or this instance drains). */
  async release(sessionId: string): Promise<void> {
    await this.db.query('DELETE FROM slate_runtime_follow_leases WHERE session_id = $1 AND owner = $2', [sessionId, this.owner])
  }

  /** Who follows the session now (null: nobody, or the lease lapsed). */
  async holder(sessionId: string): Promise<string | null> {
    const r = await this.db.query<{ owner: string }>(
      'SELECT owner FROM slate_runtime_follow_leases WHERE session_id = $1 AND heartbeat_at >= clock_timestamp() - make_interval(secs => $2)',
      [sessionId, this.ttlMs / 1000],
    )
    return r.rows[0]?.owner ?? null
  }
}
