import type * as D from '../../src-shared/types-data'
import { copyRuntimeLogs, insertRuntimeLogsIfAbsent, type RuntimeLogInput } from '../store/bulk'
import type { Database } from '../store/db'
import type { WriteCounts } from '../store/log-tables'

/** Where the aggregator's batches go. */
export interface LogSink<R = RuntimeLogInput> {
  /** Store the rows; rows whose id is already stored are skipped. Throws when the database is unreachable. */
  write(rows: R[]): Promise<WriteCounts>
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

  async write(rows: RuntimeLogInput[]): Promise<WriteCounts> {
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

export interface WriteOutcome extends WriteCounts {
  /** rows the database refused as they are (a 31 February, JSON it cannot store): dropped */
  rejected: number
}

/** Add one write's outcome to an aggregator's counters (a batch more). */
export function countWrite(c: WriteOutcome & { batches: number }, r: WriteOutcome): void {
  c.written += r.written
  c.duplicates += r.duplicates
  c.orphans += r.orphans
  c.rejected += r.rejected
  c.batches++
}

/**
 * SQLSTATE classes that say "this data", not "this connection": data exceptions (22), integrity
 * violations (23) and program limits (54). Retrying such a batch fails the same way forever.
 */
export function isBadData(err: unknown): boolean {
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' && /^(?:22|23|54)/.test(code)
}

/**
 * sink.write, but a batch the database refuses for its content is halved until the rows it
 * refuses are alone, and those are dropped (told to onRejected): one bad line from any publisher
 * costs its batch a few extra round trips, never the lines around it, and never stops the
 * aggregator. Errors of the connection still throw (the caller retries the whole batch).
 */
export async function writeApart<R>(sink: LogSink<R>, rows: R[], onRejected?: (row: R, err: unknown) => void): Promise<WriteOutcome> {
  try {
    return { rejected: 0, ...(await sink.write(rows)) }
  } catch (err) {
    if (!isBadData(err)) throw err
    if (rows.length === 1) {
      onRejected?.(rows[0], err)
      return { written: 0, duplicates: 0, orphans: 0, rejected: 1 }
    }
    const half = Math.ceil(rows.length / 2)
    const a = await writeApart(sink, rows.slice(0, half), onRejected)
    const b = await writeApart(sink, rows.slice(half), onRejected)
    return { written: a.written + b.written, duplicates: a.duplicates + b.duplicates, orphans: a.orphans + b.orphans, rejected: a.rejected + b.rejected }
  }
}
