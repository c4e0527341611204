import crypto from 'node:crypto'
import os from 'node:os'
import type { BuildJobSummary, BuildProfile, BuildRunnerKind } from '../../src-shared/types-builds'
import { ApiError } from '../../src-shared/contract-kit'
import type { ProjectSummary } from '../../src-shared/types'
import type { CoreEvents } from '../core/events'
import type { DataServices } from '../store/data-services'
import { startBuild, type BuildHandle } from './build-session'
import { busEventSink } from './bus-events'
import { fanOut, type BuildEventSink } from './events'
import { cancelFarmBuild, submitFarmBuild } from './farm'
import { MemoryHistoryStore } from './history-memory'
import { buildHistoryFor } from './context'
import { buildLogDir, buildWorkDir } from './build-log'
import type { BuildHistoryStore } from './history-store'
import { validateForProject } from './prepare'
import { reconcileInterruptedBuilds } from './reconcile-interrupted'
import { DockerRunner } from './runners/docker-runner'
import { LocalRunner } from './runners/local-runner'
import { defineService, type ServiceDef } from '../core/service-registry'
import { discoverUnity, realDiscoveryEnv } from './unity-discovery'

/** What the builds feature needs from the core that holds it (SlateCore satisfies it). */
export interface BuildServiceHost {
  readonly events: CoreEvents
  readonly dataDir: string
  readonly data: DataServices | null
  readonly settings: { readonly settings: { unityPath?: string } }
  requireProject(): ProjectSummary
  service<T>(def: ServiceDef<T, BuildServiceHost>): T
}

/**
 * The builds feature of one UI-facing core (desktop or `slate serve`): starts builds for the open
 * project, keeps the running ones so they can be cancelled, and re-emits their progress as the
 * contract's events. History goes to the data layer when it runs in this process, else memory.
 */
export class BuildService {
  private readonly running = new Map<string, { handle: BuildHandle | null; summary: BuildJobSummary }>()
  private historyStore: BuildHistoryStore | null = null

  constructor(private readonly core: BuildServiceHost) {}

  get history(): BuildHistoryStore {
    if (this.historyStore) return this.historyStore
    const data = this.core.data
    this.historyStore = data ? buildHistoryFor(data, true) : new MemoryHistoryStore()
    return this.historyStore
  }

  private sink(): BuildEventSink {
    const ui: BuildEventSink = {
      progress: (ev) => {
        const r = this.running.get(ev.jobId)
        if (r) Object.assign(r.summary, { progress: ev.progress, status: 'running' })
        this.core.events.emit('build.progress', ev)
      },
      log: (ev) => this.core.events.emit('build.log', ev),
      finished: (job) => {
        this.running.delete(job.id)
        this.core.events.emit('build.finished', job)
      },
    }
    const data = this.core.data
    return data ? fanOut(ui, busEventSink(data.bus, data.subjects, `slate-${os.hostname()}-${process.pid}`)) : ui
  }

  /** Start-up: jobs a killed SLATE left "running" on this host end as failed (reconcile-interrupted.ts), and the UI hears it. */
  async reconcileInterrupted(): Promise<string[]> {
    const ids = await reconcileInterruptedBuilds(this.history)
    for (const id of ids) {
      const job = await this.history.get(id)
      if (job) this.core.events.emit('build.finished', job)
    }
    return ids
  }

  runningJobs(): BuildJobSummary[] {
    return [...this.running.values()].map((r) => r.summary)
  }

  async start(profile: BuildProfile, runner: BuildRunnerKind, opts: { image?: string } = {}): Promise<{ jobId: string }> {
    const project = this.core.requireProject()
    const validation = await validateForProject(project.root, profile)
    if (!validation.ok) throw new ApiError('invalid_argument', validation.issues.filter((i) => i.severity === 'error').map((i) => `${i.field}: ${i.message}`).join(' '), validation)
    const jobId = crypto.randomUUID()
    const name = project.productName ?? project.folderName
    const summary = placeholder(jobId, project.root, name, profile, runner)
    if (runner === 'farm') {
      const data = this.core.data
      if (!data || data.bus.kind !== 'nats') throw new ApiError('unavailable', 'Farm builds need the team NATS server (SLATE_NATS_URL).')
      this.running.set(jobId, { handle: null, summary })
      const sink = this.sink()
      void submitFarmBuild({ history: this.history, bus: data.bus, subjects: data.subjects, buildQueue: data.buildQueue }, { jobId, projectRoot: project.root, projectName: name, profile, unityVersion: project.unityVersion }, sink)
        .then((job) => sink.finished(job))
        .catch((err: Error) => this.farmSubmitFailed(summary, err, sink))
      return { jobId }
    }
    let unityPath = 'unity-editor'
    if (runner === 'local') {
      const d = discoverUnity(project.unityVersion, realDiscoveryEnv({ settingPath: this.core.settings.settings.unityPath }))
      if (!d.match) throw new ApiError('not_found', d.message ?? 'No Unity editor found')
      unityPath = d.match.path
    }
    const handle = startBuild({
      jobId,
      projectRoot: project.root,
      projectName: name,
      profile,
      runner: runner === 'docker' ? new DockerRunner({ image: opts.image }) : new LocalRunner(),
      unity: { path: unityPath, version: project.unityVersion },
      history: this.history,
      events: this.sink(),
      logDir: buildLogDir(this.core.dataDir),
      workDir: buildWorkDir(this.core.dataDir),
    })
    this.running.set(jobId, { handle, summary })
    handle.done.catch((err) => {
      this.running.delete(jobId)
      console.error(`slate: build ${jobId} failed to run:`, err)
    })
    return { jobId }
  }

  /**
   * A farm job that could not be queued or followed (the team database refused the job, the work
   * queue is gone) still ends: recorded as failed where the history takes it, and announced.
   */
  private async farmSubmitFailed(summary: BuildJobSummary, err: Error, sink: BuildEventSink): Promise<void> {
    const completedAt = new Date().toISOString()
    const failed: BuildJobSummary = { ...summary, status: 'failed', result: 'Failed', failureKind: 'runner', reason: `The farm did not take the build: ${err.message}`, completedAt, durationMs: Date.parse(completedAt) - Date.parse(summary.startedAt ?? completedAt) }
    const recorded = await this.history
      .complete(summary.id, { status: 'failed', result: 'Failed', failureKind: 'runner', reason: failed.reason, startedAt: failed.startedAt ?? completedAt, completedAt, durationMs: failed.durationMs ?? 0, totalSize: null, outputPath: null, errorCount: 0, warningCount: 0, steps: [], packedAssets: [], messages: [], worker: null })
      .then(() => this.history.get(summary.id))
      .catch((e: Error) => {
        console.error(`slate: farm build ${summary.id}: recording the failure failed too: ${e.message}`)
        return null
      })
    sink.finished(recorded ?? failed)
  }

  /**
   * On shutdown (app quit, `slate serve` stopped): cancel every build this process runs and wait
   * for each to end, so no Unity process outlives SLATE and each job is recorded as Cancelled.
   * Farm jobs belong to their workers and are left alone.
   */
  async cancelAll(): Promise<void> {
    const local = [...this.running.values()].filter((r) => r.handle)
    await Promise.all(
      local.map(async (r) => {
        await r.handle!.cancel().catch(() => undefined)
        await r.handle!.done.catch(() => undefined)
      }),
    )
  }

  async cancel(jobId: string): Promise<boolean> {
    const r = this.running.get(jobId)
    if (!r) return false
    if (r.handle) {
      await r.handle.cancel()
      return true
    }
    const data = this.core.data
    if (!data) return false
    return cancelFarmBuild({ history: this.history, bus: data.bus, subjects: data.subjects, buildQueue: data.buildQueue }, jobId, `slate-${os.hostname()}-${process.pid}`)
  }
}

/** The builds of one core: cancelled and waited for when the core stops (no Unity outlives SLATE). */
export const buildsService = defineService<BuildService, BuildServiceHost>({
  name: 'builds',
  create: (core) => new BuildService(core),
  stop: (service) => service.cancelAll(),
})

export function buildServiceOf(core: BuildServiceHost): BuildService {
  return core.service(buildsService)
}

function placeholder(id: string, root: string, name: string, p: BuildProfile, runner: BuildRunnerKind): BuildJobSummary {
  const now = new Date().toISOString()
  return {
    id,
    projectRoot: root,
    projectName: name,
    target: p.target,
    type: p.type,
    runner,
    status: runner === 'farm' ? 'queued' : 'running',
    result: null,
    failureKind: null,
    reason: null,
    progress: 0,
    sourceCommit: null,
    outputPath: null,
    totalSize: null,
    errorCount: 0,
    warningCount: 0,
    durationMs: null,
    startedAt: now,
    completedAt: null,
    createdAt: now,
    origin: 'slate',
    worker: null,
  }
}
