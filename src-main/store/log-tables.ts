import type pg from 'pg'
import type * as D from '../../src-shared/types-data'
import { copyRows } from './bulk'
import type { Database } from './db'

/**
 * Build and asset-processing log lines (migration 0019), written by the logs service. Each batch
 * is COPYed into a temporary table and moved with INSERT … ON CONFLICT DO NOTHING: one round trip
 * of COPY for the volume, and a redelivered line (same key) or a line of a build this database does
 * not know is skipped in the same statement instead of failing the batch.
 */
export interface BuildLogRow {
  jobId: string
  lineNo: number
  level: D.LogLevel
  message: string
  timestamp?: string
}

export interface AssetLogRow {
  id: string
  /** the project the batch ran in (projectIdForRoot of its folder), when it ran in one */
  projectId?: string | null
  batchId: string | null
  assetId: string | null
  level: D.LogLevel
  message: string
  source: string | null
  timestamp?: string
  metadata?: D.JsonObject
}

export interface WriteCounts {
  written: number
  duplicates: number
  orphans: number
}

async function copyIfAbsent(client: pg.PoolClient, table: string, columns: string[], rows: Iterable<unknown[]>, keep: string | null): Promise<WriteCounts> {
  // log lines: losing the last fraction of a second on a power cut is acceptable (see bulk.ts)
  await client.query('SET LOCAL synchronous_commit = off')
  await client.query(`CREATE TEMP TABLE slate_incoming ON COMMIT DROP AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`)
  const n = await copyRows(client, 'slate_incoming', columns, rows)
  const orphans = keep ? Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM slate_incoming i WHERE NOT (${keep})`)).rows[0].n) : 0
  const r = await client.query(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM slate_incoming i ${keep ? `WHERE ${keep}` : ''} ON CONFLICT DO NOTHING`)
  const written = r.rowCount ?? 0
  return { written, duplicates: n - orphans - written, orphans }
}

export function writeBuildLogs(db: Database, rows: BuildLogRow[]): Promise<WriteCounts> {
  if (!rows.length) return Promise.resolve({ written: 0, duplicates: 0, orphans: 0 })
  const now = new Date().toISOString()
  return db.tx((tx) =>
    copyIfAbsent(
      tx.client,
      'slate_build_logs',
      ['job_id', 'line_no', 'level', 'message', '"timestamp"'],
      rows.map((r) => [r.jobId, r.lineNo, r.level, r.message, r.timestamp ?? now]),
      'EXISTS (SELECT 1 FROM slate_build_jobs j WHERE j.id = i.job_id)',
    ),
  )
}

export function writeAssetLogs(db: Database, rows: AssetLogRow[]): Promise<WriteCounts> {
  if (!rows.length) return Promise.resolve({ written: 0, duplicates: 0, orphans: 0 })
  const now = new Date().toISOString()
  return db.tx((tx) =>
    copyIfAbsent(
      tx.client,
      'slate_asset_logs',
      ['id', 'project_id', 'batch_id', 'asset_id', 'level', 'message', 'source', '"timestamp"', 'metadata'],
      rows.map((r) => [r.id, r.projectId ?? null, r.batchId, r.assetId, r.level, r.message, r.source, r.timestamp ?? now, r.metadata ?? {}]),
      null,
    ),
  )
}

/** A build's stored log, in line order. */
export async function listBuildLogs(db: Database, jobId: string, opts: { fromLine?: number; limit?: number } = {}): Promise<{ lineNo: number; level: D.LogLevel; message: string }[]> {
  const r = await db.query<{ lineNo: number; level: D.LogLevel; message: string }>(
    `SELECT line_no AS "lineNo", level, message FROM slate_build_logs WHERE job_id = $1 AND line_no >= $2 ORDER BY line_no LIMIT $3`,
    [jobId, opts.fromLine ?? 1, Math.min(opts.limit ?? 10_000, 100_000)],
  )
  return r.rows
}

/** An asset batch's (or one asset's) stored log, oldest first. */
export async function listAssetLogs(db: Database, by: { batchId: string } | { assetId: string }, limit = 10_000): Promise<Omit<AssetLogRow, 'metadata'>[]> {
  const [col, val] = 'batchId' in by ? ['batch_id', by.batchId] : ['asset_id', by.assetId]
  const r = await db.query<Omit<AssetLogRow, 'metadata'>>(
    `SELECT id, batch_id AS "batchId", asset_id AS "assetId", level, message, source, "timestamp" FROM slate_asset_logs WHERE ${col} = $1 ORDER BY "timestamp", id LIMIT $2`,
    [val, Math.min(limit, 100_000)],
  )
  return r.rows
}
