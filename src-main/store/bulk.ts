import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import type pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type * as D from '../../src-shared/types-data'
import { copyBinary } from './copy-binary'
import type { Queryable } from './db'
import type { AssetCreate } from './tables'

/**
 * The high-volume write paths. Log lines and build messages go in with COPY (one round trip per
 * batch, ~10x a multi-row INSERT); packed assets and dependency edges with multi-row INSERTs.
 * Ids are client-made UUIDs so a batch that is replayed after a lost connection does not double.
 */

const NEEDS_ESCAPE = /[\\\n\r\t]/
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** COPY text format: backslash escapes for the four characters that frame rows and columns. */
function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N'
  const s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)
  // most log lines have nothing to escape: test first, replace only when needed
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : s
}

/**
 * A UUIDv7 (RFC 9562): 48 bits of milliseconds, then random bits. Log rows get time-ordered ids so
 * that the primary-key index grows at its right edge instead of taking random page splits (about a
 * third of COPY's server time with v4 ids), and they still merge without collisions when replayed.
 * Built from the native v4 generator (its variant bits are already right): 3x faster than our own.
 */
let prefixMs = -1
let prefix = ''
export function uuidv7(now = Date.now()): string {
  if (now !== prefixMs) {
    const ts = now.toString(16).padStart(12, '0')
    prefix = `${ts.slice(0, 8)}-${ts.slice(8, 12)}-7`
    prefixMs = now
  }
  return prefix + crypto.randomUUID().slice(15)
}

/**
 * COPY … FROM STDIN of rows in the text format, written to the connection in chunks of about a
 * megabyte: a batch of log lines is one or two writes instead of a readable stream of small
 * chunks (the stream machinery was a fifth of the aggregator's CPU time).
 */
export async function copyRows(client: pg.PoolClient, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<number> {
  if (await rowSecurityActive(client, table)) return insertRowsAsJson(client, table, columns, rows)
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`))
  const done = finished(stream)
  let n = 0
  let chunk = ''
  try {
    for (const row of rows) {
      let line = copyText(row[0])
      for (let i = 1; i < row.length; i++) line += '\t' + copyText(row[i])
      chunk += line + '\n'
      n++
      if (chunk.length > 1 << 20) {
        const more = stream.write(chunk)
        chunk = ''
        if (!more) await once(stream, 'drain')
      }
    }
  } catch (err) {
    stream.destroy(err as Error)
    await done.catch(() => undefined)
    throw err
  }
  stream.end(chunk)
  await done
  return n
}

/**
 * PostgreSQL refuses COPY FROM into a table whose row-level security applies to the current user
 * (a team member's role under `slate team init`'s policies). Asked for every batch, not cached:
 * the role can change per transaction (SET ROLE) and policies can be applied while connections
 * live; it is one short round trip beside a batch of thousands of rows.
 */
async function rowSecurityActive(client: pg.PoolClient, table: string): Promise<boolean> {
  return (await client.query<{ on: boolean }>('SELECT row_security_active($1::regclass) AS on', [table])).rows[0]?.on === true
}

/** The same rows as one INSERT … SELECT from a JSON array (the policies check each row, as for any insert). */
async function insertRowsAsJson(client: pg.PoolClient, table: string, columns: string[], rows: Iterable<unknown[]>): Promise<number> {
  const names = columns.map((c) => c.replace(/^"|"$/g, ''))
  const list: Record<string, unknown>[] = []
  for (const row of rows) {
    const o: Record<string, unknown> = {}
    for (let i = 0; i < names.length; i++) o[names[i]] = row[i] ?? null
    list.push(o)
  }
  if (list.length === 0) return 0
  const cols = columns.join(', ')
  const r = await client.query(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${table}, $1::json)`, [JSON.stringify(list)])
  return r.rowCount ?? list.length
}

export interface RuntimeLogInput {
  id?: string
  sessionId: string
  level: D.LogLevel
  message: string
  timestamp?: string
  metadata?: D.JsonObject
}

const RUNTIME_LOG_COLUMNS = ['id', 'session_id', 'level', 'message', '"timestamp"', 'metadata']

/**
 * Runtime log lines with binary COPY (copy-binary.ts). Call inside a transaction: the batch
 * commits without waiting for the WAL flush (synchronous_commit off for this transaction only) —
 * a power cut can lose the last fraction of a second of log lines, never corrupt anything, and
 * the flush wait is most of a small batch's cost. Under row-level security (a member's role, which
 * COPY refuses) the same rows go in as one INSERT. Both settings are one round trip.
 */
export async function copyRuntimeLogs(client: pg.PoolClient, logs: RuntimeLogInput[]): Promise<number> {
  const r = await client.query<{ rls: boolean }>("SELECT set_config('synchronous_commit', 'off', true), row_security_active('slate_runtime_logs'::regclass) AS rls")
  const now = new Date().toISOString()
  const ms = Date.now()
  if (r.rows[0]?.rls === true) {
    return insertRowsAsJson(client, 'slate_runtime_logs', RUNTIME_LOG_COLUMNS, logs.map((l) => [l.id ?? uuidv7(ms), l.sessionId, l.level, l.message, l.timestamp ?? now, l.metadata ?? {}]))
  }
  return copyBinary(client, 'slate_runtime_logs', RUNTIME_LOG_COLUMNS, logs, (w, l) => {
    w.row(6)
    w.uuid(l.id ?? uuidv7(ms))
    w.repeatedUuid(l.sessionId)
    w.text(l.level)
    w.text(l.message)
    w.timestamptz(l.timestamp ?? now)
    w.jsonb(l.metadata ? JSON.stringify(l.metadata) : '{}')
  })
}

export interface BuildMessageInput {
  id?: string
  jobId: string
  stepId?: string | null
  level: D.LogLevel
  message: string
  file?: string | null
  line?: number | null
  timestamp?: string
}


export interface PackedAssetInput {
  id?: string
  jobId: string
  outputFile: string
  sourcePath: string
  guid?: string | null
  type?: string
  packedSize: number | string
  /** Packed objects the row sums (migration 0014); 1 when not given. */
  objectCount?: number
}

const MULTI_ROW_CHUNK = 1000

/** Multi-row INSERT in chunks: $n parameters, never values in the SQL text. */
async function insertMany(q: Queryable, table: string, columns: string[], rows: unknown[][], suffix = ''): Promise<number> {
  let n = 0
  for (let i = 0; i < rows.length; i += MULTI_ROW_CHUNK) {
    const chunk = rows.slice(i, i + MULTI_ROW_CHUNK)
    const params: unknown[] = []
    const tuples = chunk.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`)
    const res = await q.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`, params)
    n += res.rowCount ?? 0
  }
  return n
}

/**
 * Replay of log lines written while the team server was unreachable: plain multi-row INSERTs that
 * skip ids the server already has, so a replay cut half-way can simply run again.
 */
export function insertRuntimeLogsIfAbsent(q: Queryable, logs: RuntimeLogInput[]): Promise<number> {
  return insertMany(
    q,
    'slate_runtime_logs',
    ['id', 'session_id', 'level', 'message', '"timestamp"', 'metadata'],
    logs.map((l) => [l.id, l.sessionId, l.level, l.message, l.timestamp, JSON.stringify(l.metadata ?? {})]),
    'ON CONFLICT (id) DO NOTHING',
  )
}

/** Replay of build messages written offline: insert the ids the server lacks (COPY cannot skip). */
export function insertBuildMessagesIfAbsent(q: Queryable, messages: BuildMessageInput[]): Promise<number> {
  return insertMany(
    q,
    'slate_build_messages',
    ['id', 'job_id', 'step_id', 'level', 'message', 'file', 'line', '"timestamp"'],
    messages.map((m) => [m.id, m.jobId, m.stepId ?? null, m.level, m.message, m.file ?? null, m.line ?? null, m.timestamp]),
    'ON CONFLICT (id) DO NOTHING',
  )
}

export function insertPackedAssets(q: Queryable, rows: PackedAssetInput[]): Promise<number> {
  return insertMany(
    q,
    'slate_build_packed_assets',
    ['id', 'job_id', 'output_file', 'source_path', 'guid', 'type', 'packed_size', 'object_count'],
    rows.map((r) => [r.id ?? crypto.randomUUID(), r.jobId, r.outputFile, r.sourcePath, r.guid ?? null, r.type ?? '', r.packedSize, r.objectCount ?? 1]),
    'ON CONFLICT (id) DO NOTHING',
  )
}

/** A profiler capture as the outbox and the mirror carry it: JSON, so its gzip'd frames as base64. */
export interface ProfilerCaptureRow {
  id: string
  projectId: string
  sessionId: string | null
  name: string
  source: string
  frameCount: number
  counters: unknown
  summary: unknown
  /** base64 of the gzip'd column arrays (profiler/captures.ts packFrames) */
  frames: string
  metadata: unknown
  createdAt: string
}

/** Profiler captures saved offline, or copied into the mirror: insert the ids absent. */
export function insertProfilerCapturesIfAbsent(q: Queryable, rows: ProfilerCaptureRow[]): Promise<number> {
  return insertMany(
    q,
    'slate_profiler_captures',
    ['id', 'project_id', 'session_id', 'name', 'source', 'frame_count', 'counters', 'summary', 'frames', 'metadata', 'created_at'],
    rows.map((r) => [r.id, r.projectId, r.sessionId, r.name, r.source, r.frameCount, JSON.stringify(r.counters), JSON.stringify(r.summary), Buffer.from(r.frames, 'base64'), JSON.stringify(r.metadata), r.createdAt]),
    'ON CONFLICT (id) DO NOTHING',
  )
}

/** Replay of a build's output files written offline (build sizes, migration 0014). */
export function insertBuildFilesIfAbsent(q: Queryable, rows: { id: string; jobId: string; path: string; role: string; size: number | string }[]): Promise<number> {
  return insertMany(q, 'slate_build_files', ['id', 'job_id', 'path', 'role', 'size'], rows.map((r) => [r.id, r.jobId, r.path, r.role, r.size]), 'ON CONFLICT (id) DO NOTHING')
}


/** Where the previous page of a log ended: lines share timestamps (a batch), so the id breaks ties. */
export interface LogCursor {
  timestamp: string
  id: string
}

/** A page of a session's log in order; pass the last line as `after` for the next page. */
export async function listRuntimeLogs(
  q: Queryable,
  sessionId: string,
  opts: { levels?: D.LogLevel[]; after?: LogCursor; limit?: number } = {},
): Promise<D.RuntimeLog[]> {
  const res = await q.query<D.RuntimeLog>(
    `SELECT id, session_id AS "sessionId", level, message, "timestamp", metadata FROM slate_runtime_logs
     WHERE session_id = $1 AND ($2::text[] IS NULL OR level = ANY($2))
       AND ($3::timestamptz IS NULL OR ("timestamp", id) > ($3::timestamptz, $4::uuid))
     ORDER BY "timestamp", id LIMIT $5`,
    [sessionId, opts.levels ?? null, opts.after?.timestamp ?? null, opts.after?.id ?? null, Math.min(opts.limit ?? 1000, 10_000)],
  )
  return res.rows
}





export interface AnalyticsEventInput {
  id?: string
  projectId?: string | null
  userId?: string | null
  /** lower-case dotted name, e.g. "build.completed" */
  name: string
  properties?: D.JsonObject
  occurredAt?: string
}

/** Analytics events, multi-row INSERT; idempotent by id (a retried batch does not double count). */
export function insertAnalyticsEvents(q: Queryable, events: AnalyticsEventInput[]): Promise<number> {
  const now = new Date().toISOString()
  return insertMany(
    q,
    'slate_analytics_events',
    ['id', 'project_id', 'user_id', 'name', 'properties', 'occurred_at'],
    events.map((e) => [e.id ?? uuidv7(), e.projectId ?? null, e.userId ?? null, e.name, JSON.stringify(e.properties ?? {}), e.occurredAt ?? now]),
    'ON CONFLICT (id) DO NOTHING',
  )
}



/** The same shape as a single asset create: one definition, in tables.ts. */
export type AssetCreateInput = AssetCreate
