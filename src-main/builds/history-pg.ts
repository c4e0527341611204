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
import { Database, type Queryable } from '../store/db'
import { buildJobChanges, buildJobRowChange, projectRowChange, type Change } from '../store/changes'
import { directRoute, type DataRoute, type ReadSource } from '../store/data-route'
import { insertChildren } from './history-pg-children'
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
 *
 * It reads and writes through a DataRoute: in a running SLATE the DataStore, whose one offline
 * design (mirror + outbox, store/changes.ts) keeps every build this machine ran or read, with its
 * steps, messages and sizes, so `slate history` and the Builds view work on a train, and replays a
 * build recorded offline once the team database is back. Each write says what it changed; reads of
 * finished jobs from the team database say what to copy into the mirror. Over a plain Database
 * (directRoute) it is the one database alone: the farm worker, tests.
 */
export class PgHistoryStore implements BuildHistoryStore {
  private readonly route: DataRoute

  constructor(source: Database | DataRoute, label?: string) {
    this.route = source instanceof Database ? directRoute(source, label) : source
  }

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
    await this.route.apply(async (tx) => {
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
      return { result: undefined, changes: async () => [...(await projectRowChange(tx, projectId)), ...(await buildJobRowChange(tx, j.id))] }
    })
  }

  /** One UPDATE of a job row; the row is the change when it matched. */
  private updateJob(id: string, sql: string, params: unknown[]): Promise<boolean> {
    return this.route.apply(async (tx) => {
      const r = await tx.query(sql, [id, ...params])
      const hit = (r.rowCount ?? 0) > 0
      return { result: hit, changes: async (): Promise<Change[]> => (hit ? buildJobRowChange(tx, id) : []) }
    })
  }

  async markRunning(id: string, info: { startedAt: string; worker: string | null; attempt?: number }): Promise<void> {
    await this.updateJob(
      id,
      `UPDATE slate_build_jobs SET status = 'running', started_at = $2,
         metadata = metadata || jsonb_build_object('worker', $3::text, 'attempt', $4::int)
       WHERE id = $1 AND completed_at IS NULL`,
      [info.startedAt, info.worker, info.attempt ?? 1],
    )
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.updateJob(id, `UPDATE slate_build_jobs SET progress = GREATEST(progress, $2) WHERE id = $1 AND completed_at IS NULL AND progress < $2`, [Math.min(99, progress)])
  }

  /**
   * The exactly-once point: only the UPDATE that finds `completed_at IS NULL` wins; its children
   * are written in the same transaction, so a job is never half-completed.
   */
  async complete(id: string, c: BuildCompletion): Promise<boolean> {
    return this.route.apply(async (tx) => {
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
      if (won.rowCount !== 1) return { result: false }
      await insertChildren(tx, id, c)
      return { result: true, changes: () => buildJobChanges(tx, id) }
    })
  }

  /** A finished job read from the team database is copied into the mirror whole (a teammate's farm build). */
  get(id: string): Promise<BuildJobDetail | null> {
    return this.route.read(
      (q) => this.detail(q, id),
      async (job, from, mirror) => (job?.completedAt && !(await completedIn(mirror, [id])).has(id) ? buildJobChanges(from, id, { project: true }) : []),
    )
  }

  private async detail(q: Queryable, id: string): Promise<BuildJobDetail | null> {
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
  sizeData(id: string): Promise<BuildSizeData | null> {
    return this.route.read((q) => sizeDataOf(q, id))
  }

  /** Finished jobs listed from the team database are copied into the mirror (farm builds of other machines). */
  list(f: BuildHistoryFilter): Promise<BuildHistoryPage> {
    return this.route.read(
      (q, from) => listJobs(q, f, from),
      async (page, from, mirror) => {
        const finished = page.jobs.filter((j) => j.completedAt).map((j) => j.id)
        const have = await completedIn(mirror, finished)
        const out: Change[] = []
        for (const id of finished) if (!have.has(id)) out.push(...(await buildJobChanges(from, id, { project: true })))
        return out
      },
    )
  }

  unfinishedOf(host: string): Promise<UnfinishedJob[]> {
    return this.route.read(async (q) => {
      const res = await q.query<{ id: string; pid: string | null; started_at: unknown; created_at: unknown }>(
        `SELECT id, metadata->>'pid' AS pid, started_at, created_at FROM slate_build_jobs
         WHERE completed_at IS NULL AND deleted_at IS NULL AND status IN ('queued', 'running')
           AND metadata->>'runner' IN ('local', 'docker') AND metadata->>'host' = $1`,
        [host],
      )
      return res.rows.map((r) => ({ id: r.id, pid: r.pid === null ? null : Number(r.pid), startedAt: iso(r.started_at), createdAt: iso(r.created_at) ?? new Date().toISOString() }))
    })
  }

  /** Marked in whichever database takes writes: offline, the mark reaches the worker once synced. */
  requestCancel(id: string): Promise<boolean> {
    return this.updateJob(
      id,
      `UPDATE slate_build_jobs SET metadata = metadata || '{"cancelRequested": true}'::jsonb WHERE id = $1 AND completed_at IS NULL AND deleted_at IS NULL`,
      [],
    )
  }

  cancelRequested(id: string): Promise<boolean> {
    return this.route.read(async (q) => {
      const r = await q.query<{ c: boolean | null }>(`SELECT (metadata->>'cancelRequested')::boolean AS c FROM slate_build_jobs WHERE id = $1`, [id])
      return r.rows[0]?.c === true
    })
  }

  recentDurations(projectRoot: string, target: BuildTarget, limit = 10): Promise<number[]> {
    return this.route.read(async (q) => {
      const res = await q.query<{ d: string }>(
        `SELECT j.duration_ms AS d FROM slate_build_jobs j JOIN slate_projects p ON p.id = j.project_id
         WHERE p.settings->>'root' = $1 AND j.target_platform = $2 AND j.status = 'succeeded' AND j.duration_ms IS NOT NULL AND j.deleted_at IS NULL
         ORDER BY j.completed_at DESC LIMIT $3`,
        [projectRoot, target, limit],
      )
      return res.rows.map((r) => Number(r.d))
    })
  }
}

/** Which of these jobs a database holds completed. */
async function completedIn(q: Queryable, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const r = await q.query<{ id: string }>(`SELECT id FROM slate_build_jobs WHERE id = ANY($1::uuid[]) AND completed_at IS NOT NULL`, [ids])
  return new Set(r.rows.map((x) => x.id))
}

/** Every packed row and file of a job, for size breakdowns and diffs (get() keeps the top 5000). */
async function sizeDataOf(q: Queryable, id: string): Promise<BuildSizeData | null> {
  const job = await q.query(`SELECT id FROM slate_build_jobs WHERE id = $1 AND deleted_at IS NULL`, [id])
  if (!job.rows[0]) return null
  const [packed, files] = await Promise.all([
    q.query(`SELECT guid, source_path, packed_size, type, output_file, object_count FROM slate_build_packed_assets WHERE job_id = $1`, [id]),
    selectFiles(q, id),
  ])
  return { files, packed: packed.rows.map(toPacked) }
}

async function listJobs(q: Queryable, f: BuildHistoryFilter, from: ReadSource): Promise<BuildHistoryPage> {
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
  const res = await q.query(`${SELECT_JOB} WHERE ${where.join(' AND ')} ORDER BY j.created_at DESC, j.id LIMIT $${params.length}`, params)
  const jobs = res.rows.map(toSummary)
  return { jobs, stats: targetStats(jobs), source: from.label }
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
