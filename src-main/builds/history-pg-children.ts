import { createHash } from 'node:crypto'
import type pg from 'pg'
import type { PackedAsset } from '../../src-shared/types-builds'
import { copyRows } from '../store/bulk'
import type { Queryable, Tx } from '../store/db'
import type { BuildCompletion } from './history-store'

const GUID = /^[0-9a-f]{32}$/
const LEVELS = new Set(['info', 'warning', 'error', 'exception'])

/**
 * The children of a completion. Message and packed-asset ids are made from the job id and the
 * position (md5 → uuid): the team database and the mirror get the same ids for the same
 * completion, so replaying an offline build's details (offline-replay.ts) never doubles a row the
 * server already had (a completion whose acknowledgement was lost with the connection).
 */
export async function insertChildren(tx: Queryable, jobId: string, c: BuildCompletion): Promise<void> {
  if (c.steps.length) {
    const res = await tx.query<{ id: string; step_index: number }>(
      `INSERT INTO slate_build_steps (id, job_id, step_index, name, depth, duration_ms)
       SELECT COALESCE(sid, gen_random_uuid()), $1, i - 1, n, d, ms FROM unnest($2::text[], $3::int[], $4::bigint[], $5::uuid[]) WITH ORDINALITY AS t(n, d, ms, sid, i)
       ON CONFLICT (job_id, step_index) DO NOTHING RETURNING id, step_index`,
      [jobId, c.steps.map((s) => s.name.slice(0, 1000)), c.steps.map((s) => Math.max(0, s.depth | 0)), c.steps.map((s) => Math.max(0, Math.round(s.durationMs))), c.steps.map((s) => s.id ?? null)],
    )
    const stepIds = new Map(res.rows.map((r) => [r.step_index, r.id]))
    const rows = c.steps.flatMap((s, i) => (stepIds.has(i) ? s.messages.map((m) => ({ step: stepIds.get(i)!, level: normalizeLevel(m.type), text: m.content })) : []))
    if (rows.length) {
      await tx.query(
        `INSERT INTO slate_build_messages (id, job_id, step_id, level, message)
         SELECT md5($1::uuid::text || ':step-message:' || i)::uuid, $1::uuid, s, l, m FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS t(s, l, m, i)`,
        [jobId, rows.map((r) => r.step), rows.map((r) => r.level), rows.map((r) => r.text)],
      )
    }
  }
  if (c.messages.length) {
    await tx.query(
      `INSERT INTO slate_build_messages (id, job_id, level, message, file, line)
       SELECT md5($1::uuid::text || ':message:' || i)::uuid, $1::uuid, l, m, f, n FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS t(l, m, f, n, i)`,
      [jobId, c.messages.map((m) => normalizeLevel(m.type)), c.messages.map((m) => m.content), c.messages.map((m) => m.file ?? null), c.messages.map((m) => m.line ?? null)],
    )
  }
  if (c.packedAssets.length > COPY_FROM && 'client' in tx) await copyPackedAssets((tx as Tx).client, jobId, c.packedAssets)
  else if (c.packedAssets.length) {
    await tx.query(
      `INSERT INTO slate_build_packed_assets (id, job_id, output_file, source_path, guid, type, packed_size, object_count)
       SELECT md5($1::uuid::text || ':packed:' || i)::uuid, $1::uuid, f, p, g, t, sz, n FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::int[]) WITH ORDINALITY AS u(p, g, t, sz, f, n, i)`,
      [
        jobId,
        c.packedAssets.map((a) => a.path),
        c.packedAssets.map((a) => (GUID.test(a.guid) ? a.guid : null)),
        c.packedAssets.map((a) => a.type),
        c.packedAssets.map((a) => Math.max(0, a.size)),
        c.packedAssets.map((a) => a.file ?? ''),
        c.packedAssets.map((a) => Math.max(0, a.objects ?? 1)),
      ],
    )
  }
  if (c.files?.length) {
    await tx.query(
      `INSERT INTO slate_build_files (id, job_id, path, role, size)
       SELECT md5($1::uuid::text || ':file:' || i)::uuid, $1::uuid, p, r, sz FROM unnest($2::text[], $3::text[], $4::bigint[]) WITH ORDINALITY AS u(p, r, sz, i)
       ON CONFLICT (id) DO NOTHING`,
      [jobId, c.files.map((f) => f.path), c.files.map((f) => f.role), c.files.map((f) => Math.max(0, f.size))],
    )
  }
}

/** Past this many rows (a big report: 100k assets), packed assets go in with COPY, ~3x the INSERT. */
const COPY_FROM = 5000

/** The same rows and ids as the INSERT above (md5 of job id, ':packed:', 1-based position). */
async function copyPackedAssets(client: pg.PoolClient, jobId: string, rows: PackedAsset[]): Promise<void> {
  const job = jobId.toLowerCase()
  const uuidOf = (i: number) => {
    const h = createHash('md5').update(`${job}:packed:${i}`).digest('hex')
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
  }
  function* tuples(): Generator<unknown[]> {
    for (let i = 0; i < rows.length; i++) {
      const a = rows[i]
      yield [uuidOf(i + 1), job, a.file ?? '', a.path, GUID.test(a.guid) ? a.guid : null, a.type, Math.max(0, a.size), Math.max(0, a.objects ?? 1)]
    }
  }
  await copyRows(client, 'slate_build_packed_assets', ['id', 'job_id', 'output_file', 'source_path', 'guid', 'type', 'packed_size', 'object_count'], tuples())
}

function normalizeLevel(type: string): string {
  const t = type.toLowerCase()
  if (LEVELS.has(t)) return t
  if (t === 'log') return 'info'
  if (t === 'assert') return 'assert'
  return 'info'
}
