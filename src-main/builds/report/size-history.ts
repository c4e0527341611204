import crypto from 'node:crypto'
import type { BuildJobDetail, BuildStatus, BuildTarget } from '../../../src-shared/types-builds'
import type { BudgetVerdict, SizeBudget, SizeReport } from '../../../src-shared/types-buildsize'
import { defaultProfile } from '../profiles'
import type { BuildHistoryStore, BuildSizeData } from '../history-store'
import { ALL_FILES } from './bridge-json-report'
import { budgetsFor, checkBudgets } from './budgets'

/**
 * Build sizes in the build history: a report imported as a job (origin `imported`), a job's sizes
 * read back as the same model the readers produce, and the build a new one is compared with.
 * The history store decides where rows live (embedded database, team database + local mirror).
 */

/** A stable job id for a report in a project: from its build GUID when it has one, else from what it says. */
export function jobIdForReport(r: SizeReport, projectRoot: string): string {
  // Per project: the same report imported into another project is another job there.
  const key = `${projectRoot}\n${r.buildGuid ?? JSON.stringify([r.name, r.platform, r.startedAt, r.totalSize, r.durationMs, r.files.length, r.packed.length])}`
  // A name-based UUID (version 5 layout): a Unity GUID is not a valid RFC 4122 UUID as it is.
  const h = crypto.createHash('sha1').update(`slate.build-report:${key}`).digest()
  h[6] = (h[6] & 0x0f) | 0x50
  h[8] = (h[8] & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

export async function sizeDataOf(history: BuildHistoryStore, job: BuildJobDetail): Promise<BuildSizeData> {
  const full = history.sizeData ? await history.sizeData(job.id) : null
  return full ?? { files: job.files ?? [], packed: job.packedAssets }
}

/** A stored job's sizes as a SizeReport (diffs treat an imported file and a job alike). */
export async function loadJobSizes(history: BuildHistoryStore, jobId: string): Promise<{ job: BuildJobDetail; report: SizeReport } | null> {
  const job = await history.get(jobId)
  if (!job) return null
  return { job, report: reportOfJob(job, await sizeDataOf(history, job)) }
}

export function reportOfJob(job: BuildJobDetail, data: BuildSizeData): SizeReport {
  const packed = data.packed.map((p) => ({ file: p.file || ALL_FILES, guid: p.guid, path: p.path, type: p.type, size: p.size, objects: p.objects ?? 1 }))
  return {
    format: 'history',
    kind: job.sizeKind ?? 'player',
    name: null,
    buildGuid: null,
    platform: job.target,
    target: job.target,
    result: job.result ?? 'Unknown',
    outputPath: job.outputPath ?? '',
    startedAt: job.startedAt,
    durationMs: job.durationMs ?? 0,
    totalSize: job.totalSize ?? (data.files.reduce((s, f) => s + f.size, 0) || packed.reduce((s, p) => s + p.size, 0)),
    errors: job.errorCount,
    warnings: job.warningCount,
    steps: job.steps,
    files: data.files,
    packed,
    notes: [],
  }
}

/**
 * The latest successful build of a project and target (and kind) that started before `before`,
 * other than `exceptId`: what a new build's growth is measured against. Reports imported out of
 * order still compare with the build that came before them.
 */
export async function previousBuild(history: BuildHistoryStore, projectRoot: string, target: BuildTarget, exceptId: string, kind?: string, before?: string | null): Promise<SizeReport | null> {
  const page = await history.list({ projectRoot, target, status: 'succeeded', limit: 200 })
  const when = (j: { startedAt: string | null; createdAt: string }) => j.startedAt ?? j.createdAt
  const prev = page.jobs
    .filter((j) => j.id !== exceptId && j.completedAt && (!kind || (j.sizeKind ?? 'player') === kind) && (!before || when(j) < before))
    .sort((a, b) => (when(b) < when(a) ? -1 : when(b) > when(a) ? 1 : 0))[0]
  if (!prev) return null
  return (await loadJobSizes(history, prev.id))?.report ?? null
}

export interface ImportResult {
  jobId: string
  /** false when this report was imported before (same build GUID): nothing was written. */
  imported: boolean
  target: BuildTarget
  totalSize: number
  budget: BudgetVerdict
}

const STATUS: Record<SizeReport['result'], Exclude<BuildStatus, 'queued' | 'running'>> = { Succeeded: 'succeeded', Failed: 'failed', Cancelled: 'cancelled', Unknown: 'failed' }

/** Add a report to the build history (idempotent by build GUID), checking the project's budgets. */
export async function importReport(
  history: BuildHistoryStore,
  o: { projectRoot: string; projectName: string; report: SizeReport; budgets?: SizeBudget[]; profileId?: string | null; userId?: string },
): Promise<ImportResult> {
  const r = o.report
  if (!r.target) throw new Error(`the report's platform "${r.platform}" is not one of SLATE's build targets`)
  const target = r.target
  const id = jobIdForReport(r, o.projectRoot)
  const existing = await history.get(id).catch(() => null)
  if (existing?.completedAt) {
    return { jobId: id, imported: false, target, totalSize: existing.totalSize ?? r.totalSize, budget: existing.budget ?? { state: existing.budgetState ?? 'none', checks: [], culprits: [] } }
  }
  const previous = await previousBuild(history, o.projectRoot, target, id, r.kind, r.startedAt)
  const budget = checkBudgets(budgetsFor(o.budgets ?? [], o.profileId ?? null, target), r, previous)
  const type = r.development ? 'development' : 'production'
  const startedAt = r.startedAt ?? new Date().toISOString()
  await history.createJob({
    id,
    projectRoot: o.projectRoot,
    projectName: o.projectName,
    target,
    type,
    runner: 'local',
    profile: { ...defaultProfile(target, type, o.projectName), name: r.name ? `Imported: ${r.name}` : 'Imported report' },
    unityVersion: null,
    commandLine: [],
    sourceCommit: null,
    userId: o.userId ?? 'slate-import',
    status: 'running',
    origin: 'imported',
  })
  await history.complete(id, {
    status: STATUS[r.result],
    result: r.result,
    failureKind: r.result === 'Succeeded' || r.result === 'Cancelled' ? null : 'report-failed',
    reason: r.result === 'Succeeded' ? null : `Imported report: Unity says ${r.result} with ${r.errors} error(s).`,
    startedAt,
    completedAt: new Date(Date.parse(startedAt) + r.durationMs).toISOString(),
    durationMs: r.durationMs,
    totalSize: r.totalSize,
    outputPath: r.outputPath || null,
    errorCount: r.errors,
    warningCount: r.warnings,
    steps: r.steps,
    packedAssets: [...r.packed].sort((a, b) => b.size - a.size).map((p) => ({ guid: p.guid, path: p.path, size: p.size, type: p.type, file: p.file, objects: p.objects })),
    files: r.files,
    size: { kind: r.kind, format: r.format, reportName: r.name, buildGuid: r.buildGuid, budget },
    messages: [],
    worker: 'imported report',
  })
  return { jobId: id, imported: true, target, totalSize: r.totalSize, budget }
}
