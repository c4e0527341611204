import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { ApiError } from '../../../src-shared/contract-kit'
import type { buildsizeCalls } from '../../../src-shared/contract-buildsize'
import type { SizeBreakdown, SizeReport } from '../../../src-shared/types-buildsize'
import { loadBudgets, saveBudgets } from '../../builds/report/budgets'
import { projectSizeContext } from '../../builds/report/project-context'
import { readReportFile, ReportFormatError } from '../../builds/report/read-report'
import { sizeBreakdown, type ProjectSizeContext } from '../../builds/report/size-analysis'
import { diffReports } from '../../builds/report/size-diff'
import { importReport, loadJobSizes } from '../../builds/report/size-history'
import { sizeTrends } from '../../builds/report/size-trends'
import { buildServiceOf } from '../../builds/service'
import type { SlateCore } from '../../host/slate-core'
import { defineService } from '../../core/service-registry'
import type { Handlers } from '../handler'

type SizeCalls = keyof typeof buildsizeCalls

const MAX_UPLOAD = 1024 * 1024 * 1024

/**
 * What the size calls keep between calls, per core: report uploads in progress (their partial
 * files are removed when the core stops) and, since finished jobs do not change, the sizes of the
 * last few jobs asked about.
 */
const sizeState = defineService({
  name: 'build sizes',
  create: () => ({
    uploads: new Map<string, { file: string; bytes: number; name: string; root: string }>(),
    recent: new Map<string, { report: SizeReport; breakdown: SizeBreakdown | null; kind: SizeReport['kind']; budget: ReturnType<typeof budgetOf> }>(),
  }),
  stop: (state) => {
    for (const u of state.uploads.values()) fs.rmSync(u.file, { force: true })
    state.uploads.clear()
    state.recent.clear()
  },
})
function budgetOf(job: { budget?: import('../../../src-shared/types-buildsize').BudgetVerdict | null }) {
  return job.budget ?? null
}

async function projectContext(core: SlateCore): Promise<ProjectSizeContext | null> {
  try {
    return projectSizeContext(await core.unity.get())
  } catch {
    return null
  }
}

async function sizesOf(core: SlateCore, jobId: string) {
  const root = core.requireProject().root
  const key = `${root}\n${jobId}`
  const { recent } = core.service(sizeState)
  const hit = recent.get(key)
  if (hit) return hit
  const found = await loadJobSizes(buildServiceOf(core).history, jobId)
  if (!found || found.job.projectRoot !== root) throw new ApiError('not_found', `No build ${jobId} in this project`)
  const entry = { report: found.report, breakdown: null, kind: found.report.kind, budget: budgetOf(found.job) }
  if (found.job.completedAt) {
    recent.set(key, entry)
    if (recent.size > 6) recent.delete(recent.keys().next().value!)
  }
  return entry
}

const counts = (x: { files: unknown[]; assets: unknown[]; types: unknown[]; folders: unknown[] }) => ({ files: x.files.length, assets: x.assets.length, types: x.types.length, folders: x.folders.length })

export const buildsizeHandlers: Handlers<SizeCalls> = {
  'builds.size.get': async (core, { jobId, folder, limit }) => {
    const entry = await sizesOf(core, jobId)
    entry.breakdown ??= sizeBreakdown(entry.report, await projectContext(core))
    const b = entry.breakdown
    const under = folder ? (p: string) => p === folder || p.startsWith(`${folder}/`) : () => true
    const assets = b.assets.filter((a) => under(a.path))
    const folders = b.folders.filter((f) => under(f.key))
    const out = { ...b, assets, folders }
    return {
      ...out,
      files: b.files.slice(0, limit),
      assets: assets.slice(0, limit),
      folders: folders.slice(0, limit),
      types: b.types.slice(0, limit),
      duplicates: b.duplicates.slice(0, limit),
      unexplained: b.unexplained?.slice(0, limit) ?? null,
      jobId,
      kind: entry.kind,
      counts: counts(out),
      budget: entry.budget,
    }
  },
  'builds.size.diff': async (core, { before, after, limit }) => {
    const [a, b] = [await sizesOf(core, before), await sizesOf(core, after)]
    const d = diffReports(a.report, b.report, await projectContext(core))
    return { total: d.total, files: d.files.slice(0, limit), assets: d.assets.slice(0, limit), types: d.types.slice(0, limit), folders: d.folders.slice(0, limit), counts: counts(d) }
  },
  'builds.size.import': async (core, { sourceId, name, chunk, done }) => {
    const root = core.requireProject().root
    const { uploads } = core.service(sizeState)
    let u = sourceId ? uploads.get(sourceId) : undefined
    if (sourceId && !u) throw new ApiError('not_found', `No upload ${sourceId} (it finished or this core restarted)`)
    if (!u) {
      const dir = path.join(core.dataDir, 'imports')
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
      const id = crypto.randomUUID()
      u = { file: path.join(dir, `${id}.report`), bytes: 0, name: path.basename(name), root }
      uploads.set(id, u)
      sourceId = id
    }
    const bytes = Buffer.from(chunk, 'base64')
    u.bytes += bytes.length
    if (u.bytes > MAX_UPLOAD) {
      uploads.delete(sourceId!)
      fs.rmSync(u.file, { force: true })
      throw new ApiError('invalid_argument', `${u.name} is larger than ${MAX_UPLOAD / 1024 ** 3} GB`)
    }
    fs.appendFileSync(u.file, bytes)
    if (!done) return { sourceId: sourceId!, done: false, result: null }
    uploads.delete(sourceId!)
    try {
      const report = await readReportFile(u.file).catch((err) => {
        if (err instanceof ReportFormatError) throw new ApiError('invalid_argument', err.message.replace(u!.file, u!.name))
        throw err
      })
      const project = core.requireProject()
      const res = await importReport(buildServiceOf(core).history, {
        projectRoot: u.root,
        projectName: project.productName ?? project.folderName,
        report,
        budgets: await loadBudgets(u.root).catch(() => []),
      }).catch((err: Error) => {
        throw err instanceof ApiError ? err : new ApiError('invalid_argument', `${u!.name}: ${err.message}`)
      })
      core.events.emit('build.finished', (await buildServiceOf(core).history.get(res.jobId))!)
      return { sourceId: sourceId!, done: true, result: res }
    } finally {
      fs.rmSync(u.file, { force: true })
    }
  },
  'builds.size.trends': (core, { target, asset, builds }) => sizeTrends(buildServiceOf(core).history, { projectRoot: core.requireProject().root, target, asset: asset ?? null, assetBuilds: builds }),
  'builds.budgets.get': (core) => loadBudgets(core.requireProject().root).catch((err: Error) => {
    throw new ApiError('invalid_argument', err.message)
  }),
  'builds.budgets.save': async (core, { budgets }) => {
    await saveBudgets(core.requireProject().root, budgets)
    return loadBudgets(core.requireProject().root)
  },
}
