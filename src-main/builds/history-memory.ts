import type { BuildHistoryFilter, BuildHistoryPage, BuildJobDetail, BuildTarget } from '../../src-shared/types-builds'
import { targetStats } from './history-stats'
import type { BuildCompletion, BuildHistoryStore, BuildSizeData, NewBuildJob } from './history-store'

/** In-memory history: for tests of the pipeline and for a CLI run with no database at all. */
export class MemoryHistoryStore implements BuildHistoryStore {
  readonly jobs = new Map<string, BuildJobDetail>()
  completions = 0

  async createJob(j: NewBuildJob): Promise<void> {
    if (this.jobs.has(j.id)) return
    this.jobs.set(j.id, {
      id: j.id,
      projectRoot: j.projectRoot,
      projectName: j.projectName,
      target: j.target,
      type: j.type,
      runner: j.runner,
      status: j.status,
      result: null,
      failureKind: null,
      reason: null,
      progress: 0,
      sourceCommit: j.sourceCommit,
      outputPath: null,
      totalSize: null,
      errorCount: 0,
      warningCount: 0,
      durationMs: null,
      startedAt: null,
      completedAt: null,
      createdAt: new Date().toISOString(),
      origin: j.origin ?? 'slate',
      worker: null,
      profile: j.profile,
      unityVersion: j.unityVersion,
      commandLine: j.commandLine,
      steps: [],
      packedAssets: [],
      messages: [],
    })
  }

  async markRunning(id: string, info: { startedAt: string; worker: string | null }): Promise<void> {
    const j = this.jobs.get(id)
    if (j && !j.completedAt) Object.assign(j, { status: 'running', startedAt: info.startedAt, worker: info.worker })
  }

  async setProgress(id: string, progress: number): Promise<void> {
    const j = this.jobs.get(id)
    if (j && !j.completedAt) j.progress = Math.max(j.progress, progress)
  }

  async complete(id: string, c: BuildCompletion): Promise<boolean> {
    const j = this.jobs.get(id)
    if (!j || j.completedAt) return false
    this.completions++
    const { size, ...rest } = c
    Object.assign(j, {
      ...rest,
      progress: c.status === 'succeeded' ? 100 : j.progress,
      packedAssets: [...c.packedAssets].sort((a, b) => b.size - a.size),
      files: [...(c.files ?? [])].sort((a, b) => b.size - a.size),
      ...(size ? { sizeKind: size.kind, budget: size.budget ?? null, ...(size.budget ? { budgetState: size.budget.state } : {}) } : {}),
    })
    return true
  }

  async sizeData(id: string): Promise<BuildSizeData | null> {
    const j = this.jobs.get(id)
    return j ? { files: j.files ?? [], packed: j.packedAssets } : null
  }

  async get(id: string): Promise<BuildJobDetail | null> {
    return this.jobs.get(id) ?? null
  }

  async list(f: BuildHistoryFilter): Promise<BuildHistoryPage> {
    const all = [...this.jobs.values()]
      .filter((j) => (!f.projectRoot || j.projectRoot === f.projectRoot) && (!f.target || j.target === f.target) && (!f.type || j.type === f.type) && (!f.status || j.status === f.status))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    return { jobs: all.slice(0, f.limit ?? 100), stats: targetStats(all), source: 'memory' }
  }

  readonly cancelMarks = new Set<string>()

  async requestCancel(id: string): Promise<boolean> {
    const j = this.jobs.get(id)
    if (!j || j.completedAt) return false
    this.cancelMarks.add(id)
    return true
  }

  async cancelRequested(id: string): Promise<boolean> {
    return this.cancelMarks.has(id)
  }

  async recentDurations(projectRoot: string, target: BuildTarget, limit = 10): Promise<number[]> {
    return [...this.jobs.values()]
      .filter((j) => j.projectRoot === projectRoot && j.target === target && j.status === 'succeeded' && j.durationMs !== null)
      .sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''))
      .slice(0, limit)
      .map((j) => j.durationMs!)
  }
}
