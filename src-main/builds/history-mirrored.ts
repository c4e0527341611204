import { randomUUID } from 'node:crypto'
import type { BuildHistoryFilter, BuildHistoryPage, BuildJobDetail, BuildTarget } from '../../src-shared/types-builds'
import { isConnectionError } from '../store/db'
import type { BuildCompletion, BuildHistoryStore, BuildSizeData, NewBuildJob, UnfinishedJob } from './history-store'

/**
 * Team mode: the team database is the record, the embedded database keeps a full copy of every
 * build this machine ran or read (with steps, messages and packed assets, which the generic mirror
 * pull does not carry), so `slate history` and the Builds view work on a train.
 *
 * Writes go to the team database and then to the mirror; when the team database is unreachable the
 * mirror alone takes them (the build itself must not fail for want of a network). Reads try the
 * team database and fall back to the mirror on a connection error only: a wrong query is a bug,
 * not a reason to show stale data.
 */
export class MirroredHistoryStore implements BuildHistoryStore {
  constructor(
    private readonly primary: BuildHistoryStore,
    private readonly mirror: BuildHistoryStore,
    /** Called after a job's row changed in the mirror only (team server unreachable): queue it for replay. */
    private readonly onOfflineWrite?: (jobId: string) => Promise<void>,
    /** The data layer's view of the team server: when it knows it is away, skip the connect timeout. */
    private readonly isOnline: () => boolean = () => true,
  ) {}

  private async write<T>(fn: (s: BuildHistoryStore) => Promise<T>, jobId?: string): Promise<T> {
    let result: T
    try {
      if (!this.isOnline()) throw Object.assign(new Error('team database offline'), { code: 'ECONNREFUSED' })
      result = await fn(this.primary)
    } catch (err) {
      if (!isConnectionError(err)) throw err
      const local = await fn(this.mirror)
      if (jobId && this.onOfflineWrite) await this.onOfflineWrite(jobId).catch((e) => console.error('slate: queueing an offline build for sync failed:', (e as Error).message))
      return local
    }
    await fn(this.mirror).catch((err) => console.error('slate: build history mirror write failed:', (err as Error).message))
    return result
  }

  private async read<T>(fn: (s: BuildHistoryStore) => Promise<T>): Promise<T> {
    if (!this.isOnline()) return fn(this.mirror)
    try {
      return await fn(this.primary)
    } catch (err) {
      if (!isConnectionError(err)) throw err
      return fn(this.mirror)
    }
  }

  /** Unfinished jobs of this host in either database (one started offline is only in the mirror). */
  async unfinishedOf(host: string): Promise<UnfinishedJob[]> {
    const of = (s: BuildHistoryStore) => (s.unfinishedOf ? s.unfinishedOf(host) : Promise.resolve([]))
    const [team, local] = await Promise.all([this.read(of), of(this.mirror).catch(() => [])])
    const byId = new Map([...local, ...team].map((j) => [j.id, j]))
    return [...byId.values()]
  }

  createJob(job: NewBuildJob) {
    return this.write((s) => s.createJob(job), job.id)
  }
  markRunning(id: string, info: { startedAt: string; worker: string | null; attempt?: number }) {
    return this.write((s) => s.markRunning(id, info))
  }
  setProgress(id: string, progress: number) {
    return this.write((s) => s.setProgress(id, progress))
  }
  /** The team database decides exactly-once; the mirror just follows, with the same step ids. */
  complete(id: string, c: BuildCompletion) {
    const withIds = { ...c, steps: c.steps.map((s) => ({ ...s, id: s.id ?? randomUUID() })) }
    return this.write((s) => s.complete(id, withIds), id)
  }
  async get(id: string): Promise<BuildJobDetail | null> {
    const job = await this.read((s) => s.get(id))
    if (job?.completedAt) await this.copyToMirror(job).catch((err: Error) => mirrorCopyFailed(job.id, err))
    return job
  }
  /** Sizes of a job: the team database when reachable (every machine's builds), else the mirror. */
  sizeData(id: string) {
    return this.read(async (s) => (s.sizeData ? s.sizeData(id) : null))
  }
  /** A finished job from the team database, into the mirror with all its size rows. */
  private async copyToMirror(job: BuildJobDetail): Promise<void> {
    if ((await this.mirror.get(job.id).catch(() => null))?.completedAt) return
    const size = this.isOnline() && this.primary.sizeData ? await this.primary.sizeData(job.id).catch(() => null) : null
    await copyJob(job, this.mirror, size)
  }
  /** Finished jobs read from the team database are copied into the mirror (farm builds of other machines). */
  async list(filter: BuildHistoryFilter): Promise<BuildHistoryPage> {
    if (!this.isOnline()) return { ...(await this.mirror.list(filter)), source: 'local mirror (team server unreachable)' }
    try {
      const page = await this.primary.list(filter)
      for (const j of page.jobs) {
        if (!j.completedAt || (await this.mirror.get(j.id).catch(() => null))?.completedAt) continue
        const detail = await this.primary.get(j.id)
        if (detail) await this.copyToMirror(detail).catch((err: Error) => mirrorCopyFailed(j.id, err))
      }
      return page
    } catch (err) {
      if (!isConnectionError(err)) throw err
      return { ...(await this.mirror.list(filter)), source: 'local mirror (team server unreachable)' }
    }
  }
  /** Cancelling a farm job needs the team database: the worker reads the mark there. */
  requestCancel(id: string) {
    return this.primary.requestCancel(id)
  }
  cancelRequested(id: string) {
    return this.read((s) => s.cancelRequested(id))
  }
  recentDurations(projectRoot: string, target: BuildTarget, limit?: number) {
    return this.read((s) => s.recentDurations(projectRoot, target, limit))
  }
}

/** Write a finished job, with its children, into another store (idempotent: completion happens once). */
export async function copyJob(d: BuildJobDetail, to: BuildHistoryStore, size?: BuildSizeData | null): Promise<boolean> {
  await to.createJob({
    id: d.id,
    projectRoot: d.projectRoot,
    projectName: d.projectName,
    target: d.target,
    type: d.type,
    runner: d.runner,
    profile: d.profile!,
    unityVersion: d.unityVersion,
    commandLine: d.commandLine,
    sourceCommit: d.sourceCommit,
    userId: 'mirror',
    status: 'running',
    origin: d.origin,
  })
  if (!d.completedAt || d.status === 'queued' || d.status === 'running') return false
  return to.complete(d.id, {
    status: d.status,
    result: d.result ?? 'Unknown',
    failureKind: d.failureKind,
    reason: d.reason,
    startedAt: d.startedAt ?? d.completedAt,
    completedAt: d.completedAt,
    durationMs: d.durationMs ?? 0,
    totalSize: d.totalSize,
    outputPath: d.outputPath,
    errorCount: d.errorCount,
    warningCount: d.warningCount,
    steps: d.steps,
    packedAssets: size?.packed ?? d.packedAssets,
    files: size?.files ?? d.files ?? [],
    ...(d.sizeKind ? { size: { kind: d.sizeKind, format: null, budget: d.budget ?? null } } : {}),
    messages: d.messages,
    worker: d.worker,
  })
}

/**
 * A finished job read from the team database could not be copied into the local mirror: the answer
 * is still right (it came from the team database), only offline reading of that job will lack it.
 * Said once per job on stderr rather than dropped, so a broken mirror is noticed.
 */
const reportedCopyFailures = new Set<string>()
function mirrorCopyFailed(jobId: string, err: Error): void {
  if (reportedCopyFailures.has(jobId)) return
  reportedCopyFailures.add(jobId)
  console.error(`slate: build history: job ${jobId} not copied to the local mirror: ${err.message}`)
}
