import type * as D from '../../src-shared/types-data'
import { copyRuntimeLogs, insertRuntimeLogsIfAbsent, type RuntimeLogInput } from '../store/bulk'
import type { Database } from '../store/db'

/** Where the aggregator's batches go. */
export interface LogSink<R = RuntimeLogInput> {
  /** Store the rows; rows whose id is already stored are skipped. Throws when the database is unreachable. */
  write(rows: R[]): Promise<{ written: number; duplicates: number; orphans: number }>
}

const UNIQUE_VIOLATION = '23505'
const FK_VIOLATION = '23503'

/**
 * Runtime log lines into slate_runtime_logs: COPY for the common case (every line new); a batch
 * that meets an id already stored (a JetStream redelivery after a commit whose ack was lost) is
 * rolled back whole and written again with INSERT … ON CONFLICT DO NOTHING, so a line is stored
 * once. Lines of sessions that do not exist are dropped and counted (they would fail the batch
 * forever).
 */
export class PgLogSink implements LogSink {
  constructor(private readonly db: Database) {}

  async write(rows: RuntimeLogInput[]): Promise<{ written: number; duplicates: number; orphans: number }> {
    if (rows.length === 0) return { written: 0, duplicates: 0, orphans: 0 }
    try {
      const n = await this.db.tx((tx) => copyRuntimeLogs(tx.client, rows))
      return { written: n, duplicates: 0, orphans: 0 }
    } catch (err) {
      const code = (err as { code?: string }).code
      if (code !== UNIQUE_VIOLATION && code !== FK_VIOLATION) throw err
    }
    const ids = [...new Set(rows.map((r) => r.sessionId))]
    const known = new Set((await this.db.query<{ id: string }>('SELECT id::text FROM slate_runtime_sessions WHERE id = ANY($1::uuid[])', [ids])).rows.map((r) => r.id))
    const keep = rows.filter((r) => known.has(r.sessionId))
    const now = new Date().toISOString()
    const written = await this.db.tx((tx) =>
      insertRuntimeLogsIfAbsent(
        tx,
        keep.map((r) => ({ ...r, timestamp: r.timestamp ?? now, metadata: (r.metadata ?? {}) as D.JsonObject })),
      ),
    )
    return { written, duplicates: keep.length - written, orphans: rows.length - keep.length }
  }
}
