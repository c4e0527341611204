import type { Database, Queryable } from './db'
import { isConnectionError } from './db'
import { withReplaying, type Repository } from './repository'
import { assets, buildJobs, buildSteps, files, projects, runtimeSessions } from './tables'
import type { BuildStep } from '../../src-shared/types-data'
import type { EntityKind } from '../bus/subjects'
import {
  insertAnalyticsEvents,
  insertBuildFilesIfAbsent,
  insertBuildMessagesIfAbsent,
  insertPackedAssets,
  insertProfilerCapturesIfAbsent,
  insertRuntimeLogsIfAbsent,
  type AnalyticsEventInput,
  type BuildMessageInput,
  type PackedAssetInput,
  type ProfilerCaptureRow,
  type RuntimeLogInput,
} from './bulk'

/**
 * Offline first, the moving parts:
 *   - the outbox (slate_sync_outbox in the embedded database): full rows written locally while the
 *     team server was unreachable, in write order;
 *   - replay: outbox rows are upserted to the team server last-writer-wins (repository
 *     upsertReplica), then deleted locally. A replay cut in the middle is simply run again: the
 *     upsert of a row already there is a no-op, so every write lands exactly once;
 *   - the mirror pull: rows the team changed since the last pull are upserted into the embedded
 *     database (same LWW rule), so a laptop on a train has projects, builds and assets.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRepo = Repository<any, any, any, any>

/** Replicated tables in dependency order (parents first): replays and pulls follow it. */
export const REPLICATED: { table: string; repo: AnyRepo }[] = [
  { table: 'slate_projects', repo: projects },
  { table: 'slate_files', repo: files },
  { table: 'slate_assets', repo: assets },
  { table: 'slate_runtime_sessions', repo: runtimeSessions },
  { table: 'slate_build_jobs', repo: buildJobs },
  { table: 'slate_build_steps', repo: buildSteps },
]

/**
 * Append-only tables go into the outbox as one entry per batch ({ id, rows }) rather than per row:
 * a few thousand log lines are one entry. Replaying a batch inserts the rows the server lacks, by
 * the ids the batch was given before its first attempt, so a batch whose commit reached the server
 * but whose acknowledgement was lost in a dropped connection is not doubled by its replay.
 */
export const BATCH_TABLES: Record<string, (q: Queryable, rows: unknown[]) => Promise<number>> = {
  slate_runtime_logs: (q, rows) => insertRuntimeLogsIfAbsent(q, rows as RuntimeLogInput[]),
  slate_build_messages: (q, rows) => insertBuildMessagesIfAbsent(q, rows as BuildMessageInput[]),
  slate_build_packed_assets: (q, rows) => insertPackedAssets(q, rows as PackedAssetInput[]),
  slate_build_files: (q, rows) => insertBuildFilesIfAbsent(q, rows as Parameters<typeof insertBuildFilesIfAbsent>[1]),
  slate_analytics_events: (q, rows) => insertAnalyticsEvents(q, rows as AnalyticsEventInput[]),
  slate_profiler_captures: (q, rows) => insertProfilerCapturesIfAbsent(q, rows as ProfilerCaptureRow[]),
}

/**
 * Replace-style writes ("these are now all the rows for these keys") go into the outbox as one
 * entry { id, replaceKeys, rows } and are replayed whole: delete the keys' rows, insert the given
 * ones. Replaying the same replacement again leaves the same rows; replacements of one key replay
 * in write order, so the last one made wins.
 */
export const REPLACE_TABLES: Record<string, (q: Queryable, keys: string[], rows: unknown[]) => Promise<void>> = {
  slate_build_steps: async (q, jobIds, rows) => {
    await q.query('DELETE FROM slate_build_steps WHERE job_id = ANY($1::uuid[])', [jobIds])
    for (const row of rows as BuildStep[]) await buildSteps.upsertReplica(q, row)
  },
}

export interface OutboxData {
  id: string
  rows?: unknown[]
  replaceKeys?: string[]
}

/** Write one outbox entry to the server: a row (last writer wins), a batch (insert if absent) or a replacement. */
async function replayEntry(q: Queryable, table: string, data: OutboxData): Promise<boolean> {
  if (data.replaceKeys) {
    const replace = REPLACE_TABLES[table]
    if (!replace) throw new Error(`table ${table} has no replace replay`)
    await replace(q, data.replaceKeys, data.rows ?? [])
    return true
  }
  const batch = BATCH_TABLES[table]
  if (batch) return (await batch(q, data.rows ?? [])) > 0
  return repoFor(table).upsertReplica(q, data)
}

/**
 * Where a replicated row's parent lives (foreign key): mirroring a row whose parent this machine
 * never copied fetches the parent first (see DataStore.mirrorRows).
 */
export const PARENTS: Record<string, { table: string; field: string }> = {
  slate_files: { table: 'slate_projects', field: 'projectId' },
  slate_assets: { table: 'slate_projects', field: 'projectId' },
  slate_runtime_sessions: { table: 'slate_projects', field: 'projectId' },
  slate_build_jobs: { table: 'slate_projects', field: 'projectId' },
  slate_build_steps: { table: 'slate_build_jobs', field: 'jobId' },
}

export function repoFor(table: string): AnyRepo {
  const r = REPLICATED.find((x) => x.table === table)
  if (!r) throw new Error(`table ${table} is not replicated`)
  return r.repo
}

/** Entries that failed this many times for a reason other than the network are parked, not retried. */
export const MAX_ATTEMPTS = 5

export async function addToOutbox(q: Queryable, table: string, row: OutboxData): Promise<void> {
  await q.query('INSERT INTO slate_sync_outbox (table_name, row_id, row_data) VALUES ($1, $2, $3)', [table, row.id, JSON.stringify(row)])
}

/** Queue an append-only batch (rows carry their ids) for replay, in entries of at most `per` rows; see BATCH_TABLES. */
export async function addBatchToOutbox(q: Queryable, table: string, rows: { id: string }[], per = 5000): Promise<void> {
  if (!BATCH_TABLES[table]) throw new Error(`table ${table} is not replayed in batches`)
  for (let i = 0; i < rows.length; i += per) await addToOutbox(q, table, { id: rows[i].id, rows: rows.slice(i, i + per) })
}

export async function pendingCount(local: Queryable): Promise<number> {
  const r = await local.query<{ n: string }>('SELECT count(*) AS n FROM slate_sync_outbox WHERE attempts < $1', [MAX_ATTEMPTS])
  return Number(r.rows[0].n)
}

interface OutboxEntry {
  seq: string
  table_name: string
  row_id: string
  row_data: OutboxData & { updatedAt?: string }
}

export interface ReplayResult {
  replayed: number
  failed: number
  /** rows the server already had in the same or a newer version */
  skipped: number
}

/**
 * Replay the outbox to the team server in batches. Stops (without throwing) at the first
 * connection error: the caller retries later. `onReplayed` is called after each committed batch
 * with the rows that were written, for events and cache invalidation.
 */
export async function replayOutbox(
  local: Database,
  remote: Database,
  onReplayed: (rows: { table: string; row: { id: string } }[]) => void,
  batchSize = 200,
): Promise<ReplayResult & { interrupted: boolean; error?: string }> {
  const result = { replayed: 0, failed: 0, skipped: 0, interrupted: false as boolean, error: undefined as string | undefined }
  // an entry that failed is tried again on the next run, not in a tight loop in this one
  const failedThisRun: string[] = []
  for (;;) {
    const { rows } = await local.query<OutboxEntry>(
      // ORDER BY the column, not the text alias "seq" (text order puts entry 10 before entry 9: writes would replay out of order)
      'SELECT seq::text AS seq, table_name, row_id, row_data FROM slate_sync_outbox o WHERE attempts < $1 AND o.seq <> ALL($3::bigint[]) ORDER BY o.seq LIMIT $2',
      [MAX_ATTEMPTS, batchSize, failedThisRun],
    )
    if (rows.length === 0) return result
    try {
      const written = await remote.tx(async (tx) => {
        await withReplaying(tx)
        const out: boolean[] = []
        for (const e of rows) out.push(await replayEntry(tx, e.table_name, e.row_data))
        return out
      })
      await local.query('DELETE FROM slate_sync_outbox WHERE seq = ANY($1::bigint[])', [rows.map((r) => r.seq)])
      result.replayed += written.filter(Boolean).length
      result.skipped += written.filter((w) => !w).length
      onReplayed(rows.filter((_, i) => written[i]).map((e) => ({ table: e.table_name, row: e.row_data })))
    } catch (err) {
      if (isConnectionError(err)) {
        result.interrupted = true
        result.error = err instanceof Error ? err.message : String(err)
        return result
      }
      // a row the server refuses (a constraint): replay one by one so one bad row does not block the rest
      for (const e of rows) {
        try {
          const ok = await remote.tx(async (tx) => {
            await withReplaying(tx)
            return replayEntry(tx, e.table_name, e.row_data)
          })
          await local.query('DELETE FROM slate_sync_outbox WHERE seq = $1', [e.seq])
          if (ok) {
            result.replayed++
            onReplayed([{ table: e.table_name, row: e.row_data }])
          } else result.skipped++
        } catch (err2) {
          if (isConnectionError(err2)) {
            result.interrupted = true
            result.error = err2 instanceof Error ? err2.message : String(err2)
            return result
          }
          result.failed++
          failedThisRun.push(e.seq)
          await local.query('UPDATE slate_sync_outbox SET attempts = attempts + 1, last_error = $2 WHERE seq = $1', [
            e.seq,
            err2 instanceof Error ? err2.message : String(err2),
          ])
        }
      }
    }
  }
}

/** Seconds of overlap on each pull: a transaction that committed late with an earlier updated_at is still seen. */
const PULL_OVERLAP = "interval '10 seconds'"
const PULL_BATCH = 2000

/**
 * Pull what the team changed into the embedded mirror. Returns rows written locally; onPulled
 * hears which, so caches can drop entries whose change event this instance may have missed.
 */
export async function pullMirror(local: Database, remote: Database, onPulled?: (table: string, ids: string[]) => void): Promise<number> {
  let total = 0
  for (const { table, repo } of REPLICATED) {
    const state = await local.query<{ until: string | null }>('SELECT pulled_until::text AS until FROM slate_sync_state WHERE table_name = $1', [table])
    let since = state.rows[0]?.until ?? '-infinity'
    const cols = Object.entries(repo.spec.columns as Record<string, string>)
      .map(([f, c]) => `${c} AS "${f}"`)
      .join(', ')
    for (;;) {
      const { rows } = await remote.reader.query<{ id: string; updatedAt: string }>(
        `SELECT ${cols} FROM ${table} WHERE updated_at > $1::timestamptz - ${PULL_OVERLAP} ORDER BY updated_at, id LIMIT ${PULL_BATCH}`,
        [since],
      )
      if (rows.length === 0) break
      let written: string[] = []
      const gone = table === 'slate_build_steps' ? await replacedSteps(remote, rows as unknown as BuildStep[]) : null
      const upsertBatch = () =>
        local.tx(async (tx) => {
          written = []
          await withReplaying(tx)
          if (gone) await tx.query('DELETE FROM slate_build_steps WHERE job_id = ANY($1::uuid[]) AND id <> ALL($2::uuid[])', [gone.jobIds, gone.keep])
          for (const row of rows) if (await repo.upsertReplica(tx, row)) written.push(row.id)
        })
      try {
        await upsertBatch()
      } catch (err) {
        // Tables are read one after another, not in one snapshot: a transaction that committed a
        // parent and its child (a new project with its first build job, a job with its steps)
        // between the parent table's read and this one shows the child without its parent.
        // Copy the missing parents from the team database, then write the batch again.
        if ((err as { code?: string }).code !== '23503' || !PARENTS[table]) throw err
        await mirrorMissingParents(local, remote, table, rows)
        await upsertBatch()
      }
      total += written.length
      if (written.length) onPulled?.(table, written)
      const newest = rows[rows.length - 1].updatedAt
      const advanced = newest > since
      since = newest
      await local.query(
        `INSERT INTO slate_sync_state (table_name, pulled_until) VALUES ($1, $2)
         ON CONFLICT (table_name) DO UPDATE SET pulled_until = EXCLUDED.pulled_until, updated_at = clock_timestamp()`,
        [table, since],
      )
      if (rows.length < PULL_BATCH || !advanced) break
    }
  }
  return total
}

/**
 * Steps are replaced whole (a build's steps are one replacement: delete the job's steps, insert new ones) and have
 * no tombstones: a teammate's replacement arrives as new ids at the same step indexes, which the
 * mirror's unique (job_id, step_index) refuses while the old rows are there, stopping every pull.
 * The server's current step ids of the jobs being pulled say which local steps to drop first.
 */
async function replacedSteps(remote: Database, rows: BuildStep[]): Promise<{ jobIds: string[]; keep: string[] }> {
  const jobIds = [...new Set(rows.map((r) => r.jobId))]
  const res = await remote.reader.query<{ id: string }>('SELECT id FROM slate_build_steps WHERE job_id = ANY($1::uuid[])', [jobIds])
  return { jobIds, keep: res.rows.map((r) => r.id) }
}

/**
 * Upsert rows of the team database into the mirror (last writer wins). A row whose parent the
 * mirror lacks (a teammate's project not pulled yet) fails its foreign key: copy the parents from
 * the team database first, then the rows.
 */
export async function mirrorRows(local: Database, remote: Database, table: string, rows: { id: string }[], depth = 0): Promise<void> {
  if (rows.length === 0) return
  try {
    await local.tx(async (tx) => {
      await withReplaying(tx)
      await repoFor(table).upsertReplicaMany(tx, rows)
    })
  } catch (err) {
    const parent = PARENTS[table]
    if ((err as { code?: string }).code !== '23503' || !parent || depth > 2) throw err
    const ids = [...new Set(rows.map((r) => (r as unknown as Record<string, string>)[parent.field]))]
    const found = await Promise.all(ids.map((id) => repoFor(parent.table).get(remote, id, { includeDeleted: true })))
    await mirrorRows(local, remote, parent.table, found.filter(Boolean), depth + 1)
    await mirrorRows(local, remote, table, rows, depth + 1)
  }
}

/**
 * Copy into the mirror the parents (PARENTS) of these rows that it lacks, from the team database
 * (their own parents too, through mirrorRows). Used by the pull when a batch failed its foreign key.
 */
async function mirrorMissingParents(local: Database, remote: Database, table: string, rows: { id: string }[]): Promise<void> {
  const parent = PARENTS[table]
  if (!parent) return
  const ids = [...new Set(rows.map((r) => (r as unknown as Record<string, string | null>)[parent.field]).filter((id): id is string => !!id))]
  const have = await local.query<{ id: string }>(`SELECT id FROM ${parent.table} WHERE id = ANY($1::uuid[])`, [ids])
  const known = new Set(have.rows.map((r) => r.id))
  const missing = ids.filter((id) => !known.has(id))
  const found = await Promise.all(missing.map((id) => repoFor(parent.table).get(remote, id, { includeDeleted: true })))
  await mirrorRows(local, remote, parent.table, found.filter(Boolean))
}

const KINDS: Record<string, EntityKind> = {
  slate_projects: 'project',
  slate_files: 'file',
  slate_assets: 'asset',
  slate_runtime_sessions: 'runtimeSession',
  slate_build_jobs: 'buildJob',
}

/** The entity kind of a table, for events and cache keys; null for tables without one. */
export function kindOf(table: string): EntityKind | null {
  return KINDS[table] ?? null
}
