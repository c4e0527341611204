import { createHash } from 'node:crypto'
import os from 'node:os'
import type pg from 'pg'
import type {
  BuildHistoryFilter,
  BuildHistoryPage,
  BuildJobDetail,
  BuildJobSummary,
  BuildMessage,
  BuildStep,
  BuildTarget,
  PackedAsset,
} from '../../src-shared/types-builds'
import type { Database, Queryable, Tx } from '../store/db'
import { copyRows } from '../store/bulk'
import { targetStats } from './history-stats'
import type { SizeFile } from '../../src-shared/types-buildsize'
import type { BuildCompletion, BuildHistoryStore, BuildSizeData, NewBuildJob, UnfinishedJob } from './history-store'
import { projectIdForRoot } from '../store/project-id'

export { projectIdForRoot } from '../store/project-id'

/**
 * Build history in PostgreSQL (embedded or team): `slate_build_jobs` plus its steps, messages and
 * packed assets (migrations 0001 and 0003). What the job table has no column for (runner, verdict,
 * profile, command line, counts) lives in its `metadata` jsonb. Projects are found by their root
 * folder (`settings.root`) and created on first build.
 */
export class PgHistoryStore implements BuildHistoryStore {
  constructor(
    private readonly db: Database,
    /** Shown in `BuildHistoryPage.source`: "team PostgreSQL", "local mirror". */
    private readonly label: string,
  ) {}

  private async projectId(q: Queryable, root: string, name: string, owner: string): Promise<string> {
    const found = await q.query<{ id: string }>(`SELECT id FROM slate_projects WHERE settings->>'root' = $1 AND deleted_at IS NULL ORDER BY created_at LIMIT 1`, [root])
    if (found.rows[0]) return found.rows[0].id
    // Two workers may create the project at once: serialise on the root with an advisory lock.
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('slate.project.' || $1))`, [root])
    const again = await q.query<{ id: string }>(`SELECT id FROM slate_projects WHERE settings->>'root' = $1 AND deleted_at IS NULL LIMIT 1`, [root])
    if (again.rows[0]) return again.rows[0].id
    // The id is derived from the folder, so the team database and the local mirror create the
    // same project for the same folder: an offline build's replay then upserts it, never a twin.
    const ins = await q.query<{ id: string }>(
      `INSERT INTO slate_projects (id, name, owner_id, settings) VALUES ($4, $1, $2, jsonb_build_object('root', $3::text))
       ON CONFLICT (id) DO UPDATE SET deleted_at = NULL RETURNING id`,
      [name.slice(0, 256) || 'project', owner, root, projectIdForRoot(root)],
    )
    return ins.rows[0].id
  }

  async createJob(j: NewBuildJob): Promise<void> {
    await this.db.tx(async (tx) => {
      const projectId = await this.projectId(tx, j.projectRoot, j.projectName, j.userId)
      const metadata = {
        runner: j.runner,
        projectRoot: j.projectRoot,
        projectName: j.projectName,
        profile: j.profile,
        unityVersion: j.unityVersion,
        commandLine: j.commandLine,
        origin: j.origin ?? 'slate',
        // Who runs it: after a crash, the next start of SLATE on this host marks it interrupted.
        host: j.owner?.host ?? os.hostname(),
        pid: j.owner?.pid ?? process.pid,
      }
      // Idempotent: the farm client creates the row, the worker calls this again with the same id.
      await tx.query(
        `INSERT INTO slate_build_jobs (id, project_id, user_id, status, build_type, target_platform, source_commit, metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT (id) DO UPDATE SET metadata = slate_build_jobs.metadata || jsonb_build_object('commandLine', EXCLUDED.metadata->'commandLine'),
           source_commit = COALESCE(EXCLUDED.source_commit, slate_build_jobs.source_commit)
         WHERE slate_build_jobs.completed_at IS NULL`,
        [j.id, projectId, j.userId, j.status, j.type, j.target, j.sourceCommit, JSON.stringify(metadata)],
      )
    })
  }

  async markRunning(id: string, info: { startedAt: string; worker: string | null; attempt?: number }): Promise<void> {
    await this.db.query(
      `UPDATE slate_build_jobs SET status = 'running', started_at = $2,
         metadata = metadata || jsonb_build_object('worker', $3::text, 'attempt', $4::int)
       WHERE id = $1 AND completed_at IS NULL`,
      [id, info.startedAt, info.worker, info.attempt ?? 1],
    )
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.db.query(`UPDATE slate_build_jobs SET progress = GREATEST(progress, $2) WHERE id = $1 AND completed_at IS NULL`, [id, Math.min(99, progress)])
  }

  /**
   * The exactly-once point: only the UPDATE that finds `completed_at IS NULL` wins; its children
   * are written in the same transaction, so a job is never half-completed.
   */
  async complete(id: string, c: BuildCompletion): Promise<boolean> {
    return this.db.tx(async (tx) => {
      const meta = {
        result: c.result,
        failureKind: c.failureKind,
        reason: c.reason,
        errorCount: c.errorCount,
        warningCount: c.warningCount,
        worker: c.worker,
        attempt: c.attempt ?? 1,
        ...sizeMetadata(c),
      }
      const won = await tx.query(
        `UPDATE slate_build_jobs SET status = $2, completed_at = $3, started_at = LEAST(COALESCE(started_at, $4), $3),
           progress = CASE WHEN $2 = 'succeeded' THEN 100 ELSE progress END, error_message = $5, output_path = $6,
           total_size = $7, duration_ms = $8, metadata = metadata || $9::jsonb
         WHERE id = $1 AND completed_at IS NULL AND deleted_at IS NULL RETURNING id`,
        [id, c.status, c.completedAt, c.startedAt, c.reason, c.outputPath, c.totalSize, Math.max(0, Math.round(c.durationMs)), JSON.stringify(meta)],
      )
      if (won.rowCount !== 1) return false
      await insertChildren(tx, id, c)
      return true
    })
  }

  async get(id: string): Promise<BuildJobDetail | null> {
    const q = this.db.reader
    const res = await q.query(`${SELECT_JOB} WHERE j.id = $1 AND j.deleted_at IS NULL`, [id])
    if (!res.rows[0]) return null
    const summary = toSummary(res.rows[0])
    const [steps, messages, assets, files] = await Promise.all([
      q.query(`SELECT id, name, depth, duration_ms FROM slate_build_steps WHERE job_id = $1 ORDER BY step_index`, [id]),
      q.query(`SELECT step_id, level, message, file, line FROM slate_build_messages WHERE job_id = $1 ORDER BY "timestamp", id`, [id]),
      q.query(`SELECT guid, source_path, packed_size, type, output_file, object_count FROM slate_build_packed_assets WHERE job_id = $1 ORDER BY packed_size DESC, source_path LIMIT 5000`, [id]),
      selectFiles(q, id),
    ])
    const byStep = new Map<string, { type: string; content: string }[]>()
    const logMessages: BuildMessage[] = []
    for (const m of messages.rows) {
      if (m.step_id) {
        const list = byStep.get(m.step_id) ?? []
        list.push({ type: m.level, content: m.message })
        byStep.set(m.step_id, list)
      } else {
        logMessages.push({ type: m.level, content: m.message, ...(m.file ? { file: m.file } : {}), ...(m.line !== null ? { line: m.line } : {}) })
      }
    }
    const meta = res.rows[0].metadata ?? {}
    return {
      ...summary,
      profile: meta.profile ?? null,
      unityVersion: meta.unityVersion ?? null,
      commandLine: meta.commandLine ?? [],
      steps: steps.rows.map((s): BuildStep => ({ id: s.id, name: s.name, depth: s.depth, durationMs: Number(s.duration_ms), messages: byStep.get(s.id) ?? [] })),
      packedAssets: assets.rows.map(toPacked),
      messages: logMessages,
      files,
      budget: meta.budget ?? null,
    }
  }

  /** Every packed row and file of a job, for size breakdowns and diffs (get() keeps the top 5000). */
  async sizeData(id: string): Promise<BuildSizeData | null> {
    const q = this.db.reader
    const job = await q.query(`SELECT id FROM slate_build_jobs WHERE id = $1 AND deleted_at IS NULL`, [id])
    if (!job.rows[0]) return null
    const [packed, files] = await Promise.all([
      q.query(`SELECT guid, source_path, packed_size, type, output_file, object_count FROM slate_build_packed_assets WHERE job_id = $1`, [id]),
      selectFiles(q, id),
    ])
    return { files, packed: packed.rows.map(toPacked) }
  }

  async list(f: BuildHistoryFilter): Promise<BuildHistoryPage> {
    const where = ['j.deleted_at IS NULL']
    const params: unknown[] = []
    const add = (sql: string, v: unknown) => {
      params.push(v)
      where.push(sql.replace('?', `$${params.length}`))
    }
    if (f.projectRoot) add(`p.settings->>'root' = ?`, f.projectRoot)
    if (f.target) add('j.target_platform = ?', f.target)
    if (f.type) add('j.build_type = ?', f.type)
    if (f.status) add('j.status = ?', f.status)
    params.push(Math.min(f.limit ?? 100, 1000))
    const res = await this.db.reader.query(`${SELECT_JOB} WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC, j.id LIMIT $${params.length}`, params)
    const jobs = res.rows.map(toSummary)
    return { jobs, stats: targetStats(jobs), source: this.label }
  }

  async unfinishedOf(host: string): Promise<UnfinishedJob[]> {
    const res = await this.db.query<{ id: string; pid: string | null; started_at: unknown; created_at: unknown }>(
      `SELECT id, metadata->>'pid' AS pid, started_at, created_at FROM slate_build_jobs
       WHERE completed_at IS NULL AND deleted_at IS NULL AND status IN ('queued', 'running')
         AND metadata->>'runner' IN ('local', 'docker') AND metadata->>'host' = $1`,
      [host],
    )
    return res.rows.map((r) => ({ id: r.id, pid: r.pid === null ? null : Number(r.pid), startedAt: iso(r.started_at), createdAt: iso(r.created_at) ?? new Date().toISOString() }))
  }

  async requestCancel(id: string): Promise<boolean> {
    const r = await this.db.query(
      `UPDATE slate_build_jobs SET metadata = metadata || '{"cancelRequested": true}'::jsonb WHERE id = $1 AND completed_at IS NULL AND deleted_at IS NULL RETURNING id`,
      [id],
    )
    return r.rowCount === 1
  }

  async cancelRequested(id: string): Promise<boolean> {
    const r = await this.db.query<{ c: boolean | null }>(`SELECT (metadata->>'cancelRequested')::boolean AS c FROM slate_build_jobs WHERE id = $1`, [id])
    return r.rows[0]?.c === true
  }

  async recentDurations(projectRoot: string, target: BuildTarget, limit = 10): Promise<number[]> {
    const res = await this.db.reader.query<{ d: string }>(
      `SELECT j.duration_ms AS d FROM slate_build_jobs j JOIN slate_projects p ON p.id = j.project_id
       WHERE p.settings->>'root' = $1 AND j.target_platform = $2 AND j.status = 'succeeded' AND j.duration_ms IS NOT NULL AND j.deleted_at IS NULL
       ORDER BY j.completed_at DESC LIMIT $3`,
      [projectRoot, target, limit],
    )
    return res.rows.map((r) => Number(r.d))
  }
}

const SELECT_JOB = `SELECT j.*, p.name AS project_name, p.settings->>'root' AS project_root FROM slate_build_jobs j JOIN slate_projects p ON p.id = j.project_id`

function iso(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v)
}

export function toSummary(r: pg.QueryResultRow): BuildJobSummary {
  const m = r.metadata ?? {}
  return {
    id: r.id,
    projectRoot: r.project_root ?? m.projectRoot ?? '',
    projectName: m.projectName ?? r.project_name,
    target: r.target_platform,
    type: r.build_type,
    runner: m.runner ?? 'local',
    status: r.status,
    result: m.result ?? null,
    failureKind: m.failureKind ?? null,
    reason: m.reason ?? r.error_message ?? null,
    progress: r.progress,
    sourceCommit: r.source_commit,
    outputPath: r.output_path,
    totalSize: r.total_size === null ? null : Number(r.total_size),
    errorCount: m.errorCount ?? 0,
    warningCount: m.warningCount ?? 0,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    startedAt: iso(r.started_at),
    completedAt: iso(r.completed_at),
    createdAt: String(r.created_at),
    origin: m.origin ?? 'slate',
    worker: m.worker ?? null,
    ...(m.sizeKind ? { sizeKind: m.sizeKind } : {}),
    ...(m.budget?.state ? { budgetState: m.budget.state } : {}),
  }
}

function toPacked(a: pg.QueryResultRow): PackedAsset {
  return { guid: a.guid ?? '', path: a.source_path, size: Number(a.packed_size), type: a.type, file: a.output_file, objects: a.object_count }
}

async function selectFiles(q: Queryable, jobId: string): Promise<SizeFile[]> {
  const r = await q.query(`SELECT path, role, size FROM slate_build_files WHERE job_id = $1 ORDER BY size DESC, path`, [jobId])
  return r.rows.map((f) => ({ path: f.path, role: f.role, size: Number(f.size) }))
}

/** What the job's metadata keeps of a build's sizes (kind, report, budget verdict). */
function sizeMetadata(c: BuildCompletion): Record<string, unknown> {
  if (!c.size) return {}
  return { sizeKind: c.size.kind, reportFormat: c.size.format, reportName: c.size.reportName ?? null, buildGuid: c.size.buildGuid ?? null, budget: c.size.budget ?? null }
}

const GUID = /^[0-9a-f]{32}$/
const LEVELS = new Set(['info', 'warning', 'error', 'exception'])

/**
 * The children of a completion. Message and packed-asset ids are made from the job id and the
 * position (md5 → uuid): the team database and the mirror get the same ids for the same
 * completion, so replaying an offline build's details (offline-replay.ts) never doubles a row the
 * server already had (a completion whose acknowledgement was lost with the connection).
 */
async function insertChildren(tx: Queryable, jobId: string, c: BuildCompletion): Promise<void> {
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
