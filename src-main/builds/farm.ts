import os from 'node:os'
import type { BuildJobDetail, BuildProfile } from '../../src-shared/types-builds'
import type { BuildQueueItem } from '../store/data-services'
import { startBuild, type BuildHandle } from './build-session'
import { followBuild } from './bus-events'
import type { BuildContext } from './context'
import type { BuildEventSink } from './events'
import type { BuildRunner } from './runners/runner'
import { failedBeforeRun, type BuildHistoryStore } from './history-store'
import type { Bus } from '../bus/bus'
import type { EntityEvent, Subjects } from '../bus/subjects'
import type { WorkQueue } from '../bus/work-queue'
import { checkFarmJob, openPolicyWarning, type WorkerPolicy } from './farm-trust'
import { fetchSource, keepArtifact } from './farm-source'

/** A farm job on the work queue. Everything a worker needs; the job row is created by the client. */
export interface FarmJob extends BuildQueueItem {
  jobId: string
  /** The submitter's folder (history); built only when the job has no source and the worker allows it. */
  projectRoot: string
  /** Build from version control: the worker fetches this commit into its own workspace. */
  source: ({ repository: string; commit: string } & Record<string, string>) | null
  projectName: string
  profile: BuildProfile & Record<string, never>
  unityVersion: string | null
}

/**
 * Client side of `slate build --runner farm`: record the job as queued, put it on the JetStream
 * work queue (keyed by job id, so a retried submit queues it once) and follow it on the bus until
 * its row says it finished. The bus carries live progress; the database is the verdict.
 */
export interface FarmClient {
  history: BuildHistoryStore
  bus: Bus
  subjects: Subjects
  buildQueue: WorkQueue<BuildQueueItem>
}

export function farmClientOf(ctx: BuildContext): FarmClient {
  return { history: ctx.history, bus: ctx.services.bus, subjects: ctx.services.subjects, buildQueue: ctx.services.buildQueue }
}

export async function submitFarmBuild(
  ctx: FarmClient,
  job: { jobId: string; projectRoot: string; projectName: string; profile: BuildProfile; unityVersion: string | null; source?: { repository: string; commit: string } },
  sink: Partial<BuildEventSink>,
): Promise<BuildJobDetail> {
  await ctx.history.createJob({
    id: job.jobId,
    projectRoot: job.projectRoot,
    projectName: job.projectName,
    target: job.profile.target,
    type: job.profile.type,
    runner: 'farm',
    profile: job.profile,
    unityVersion: job.unityVersion,
    commandLine: [],
    sourceCommit: job.source?.commit ?? null,
    userId: os.userInfo().username,
    status: 'queued',
  })
  let wake: () => void = () => undefined
  const stop = followBuild(ctx.bus, ctx.subjects, job.jobId, {
    progress: (ev) => sink.progress?.(ev),
    log: (ev) => sink.log?.(ev),
    updated: () => wake(),
  })
  try {
    const item: FarmJob = { ...job, source: job.source ?? null, profile: job.profile as FarmJob['profile'] }
    await ctx.buildQueue.enqueue(job.profile.target, item, { id: job.jobId })
    for (;;) {
      const detail = await ctx.history.get(job.jobId)
      if (detail?.completedAt) return detail
      // Woken by the job's `updated` event; the timeout only covers an event lost on a reconnect.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 5000)
        wake = () => {
          clearTimeout(t)
          resolve()
        }
      })
    }
  } finally {
    stop()
  }
}

/**
 * Cancel a farm job: mark its row, then announce the row change; the worker running it (or the one
 * that takes it next, if it is still queued) reads the mark and cancels. No new subject is needed:
 * "the job row changed" is exactly what happened.
 */
export async function cancelFarmBuild(ctx: FarmClient, jobId: string, origin: string): Promise<boolean> {
  const marked = await ctx.history.requestCancel(jobId)
  if (marked) {
    const ev: EntityEvent = { kind: 'buildJob', id: jobId, change: 'updated', updatedAt: new Date().toISOString(), origin }
    ctx.bus.publish(ctx.subjects.buildJob(jobId, 'updated'), ev)
  }
  return marked
}

export interface WorkerOptions {
  ctx: BuildContext
  runner: BuildRunner
  unityPathFor(job: FarmJob): string
  name?: string
  targets: readonly string[]
  ackWaitMs?: number
  env?: Record<string, string>
  logDir?: string
  /** Parent of each job's work folder (buildWorkDir). */
  workDir?: string
  log?(line: string): void
  /** What this worker accepts (farm-trust.ts); jobs that break it are refused with the reason on the job. */
  policy?: WorkerPolicy
  /** each job that ended on this worker (built, refused), with its status: metrics */
  onFinished?(status: string): void
}

/**
 * `slate worker`: take one job at a time from the work queue, build it, store the result, and only
 * then let the queue ack it. While building it tells JetStream it is still working, so the job is
 * redelivered only if this worker dies or hangs. A redelivered job whose row is already complete
 * (its first worker stored it just before dying) is acknowledged without building again; two
 * workers racing on one job both build, but `complete()` lets exactly one of them record it.
 */
export async function runWorker(o: WorkerOptions): Promise<{ stop(): Promise<void>; busy(): number }> {
  const name = o.name ?? `${os.hostname()}-${process.pid}`
  const log = o.log ?? ((l: string) => process.stdout.write(`${l}\n`))
  const ackWaitMs = o.ackWaitMs ?? 60_000
  const openWarning = o.policy ? openPolicyWarning(o.policy) : null
  if (openWarning) log(`worker ${name}: ${openWarning}`)
  let busy: Promise<void> = Promise.resolve()
  let current: BuildHandle | null = null
  let taken = 0
  const consumer = await o.ctx.services.buildQueue.consume(
    async (item) => {
      const job = item.data as FarmJob
      // One build at a time even when consuming several targets: the next waits (and keeps its lease).
      const previous = busy
      let release!: () => void
      busy = new Promise((r) => (release = r))
      const keepAlive = setInterval(() => item.working(), Math.max(250, Math.floor(ackWaitMs / 3)))
      taken++
      try {
        await previous
        let projectRoot = job.projectRoot
        if (o.policy) {
          const check = checkFarmJob(item.data, o.policy)
          if (!check.ok) {
            log(`worker ${name}: refused job ${String(job.jobId)}: ${check.reason}`)
            await refuseJob(o, name, job.jobId, check.reason, item.deliveryCount)
            o.onFinished?.('refused')
            return
          }
          if (check.job.source) {
            try {
              const fetched = await fetchSource(o.policy.workspace, job.jobId, check.job.source)
              log(`worker ${name}: job ${job.jobId}: ${check.job.source.repository} at ${fetched.commit} in ${fetched.root} (LFS: ${fetched.lfs})`)
              projectRoot = fetched.root
            } catch (err) {
              const reason = `Could not fetch the project: ${(err as Error).message}`
              log(`worker ${name}: job ${job.jobId}: ${reason}`)
              await refuseJob(o, name, job.jobId, reason, item.deliveryCount)
              return
            }
          }
        }
        const existing = await o.ctx.history.get(job.jobId)
        if (existing?.completedAt) {
          log(`worker ${name}: job ${job.jobId} already finished (${existing.status}); acknowledging delivery ${item.deliveryCount}`)
          return
        }
        log(`worker ${name}: started job ${job.jobId} (attempt ${item.deliveryCount})`)
        current = startBuild({
          jobId: job.jobId,
          projectRoot,
          projectName: job.projectName,
          profile: job.profile,
          runner: o.runner,
          runnerKind: 'farm',
          unity: { path: o.unityPathFor(job), version: job.unityVersion },
          history: o.ctx.history,
          events: o.ctx.busSink,
          worker: name,
          attempt: item.deliveryCount,
          env: o.env,
          logDir: o.logDir,
          workDir: o.workDir,
        })
        // A cancel mark may already be there (cancelled while queued) or arrive while building.
        const handle = current
        const checkCancel = async () => {
          if (await o.ctx.history.cancelRequested(job.jobId).catch(() => false)) await handle.cancel()
        }
        const sub = o.ctx.services.bus.subscribe(o.ctx.services.subjects.buildJob(job.jobId, 'updated'), () => void checkCancel())
        void checkCancel()
        const out = await current.done.finally(() => sub.unsubscribe())
        log(`worker ${name}: finished job ${job.jobId}: ${out.job.status}${out.stored ? '' : ' (already recorded by another worker)'} stored=${out.stored}`)
        o.onFinished?.(out.job.status)
        if (o.policy && out.job.status === 'succeeded' && out.job.outputPath) {
          const kept = keepArtifact(o.policy.workspace, job.jobId, out.job.outputPath)
          if (kept) log(`worker ${name}: job ${job.jobId}: artifact kept in ${kept}`)
        }
      } finally {
        taken--
        clearInterval(keepAlive)
        current = null
        release()
      }
    },
    {
      targets: o.targets,
      ackWaitMs,
      maxDeliveries: 5,
      // Five deliveries failed before a result could be stored (no editor, database down…): record
      // that, or the job would stay "queued" for ever.
      onGiveUp: (item, err) => {
        const job = item.data as FarmJob
        const now = new Date().toISOString()
        void o.ctx.history
          .complete(
            job.jobId,
            failedBeforeRun({
              reason: `No worker could run this build after ${item.deliveryCount} attempts; last error on ${name}: ${(err as Error)?.message ?? String(err)}`,
              startedAt: now,
              completedAt: now,
              worker: name,
              attempt: item.deliveryCount,
            }),
          )
          .then((stored) => {
            if (stored) void o.ctx.history.get(job.jobId).then((j) => j && o.ctx.busSink.finished(j))
          })
          .catch((e) => log(`worker ${name}: could not record giving up on ${job.jobId}: ${(e as Error).message}`))
      },
    },
  )
  log(`worker ${name}: waiting for jobs (${o.targets.join(', ')})`)
  return {
    /** jobs taken and not finished (one building; one more may wait for it with its lease) */
    busy: () => taken,
    // Drain: the build in progress finishes and is acknowledged; nothing new is taken.
    stop: async () => {
      await consumer.stop()
      await busy
    },
  }
}

/** A refused job ends failed, with the reason on its row, and its `finished` event goes out. */
async function refuseJob(o: WorkerOptions, worker: string, jobId: unknown, reason: string, attempt: number): Promise<void> {
  if (typeof jobId !== 'string' || !/^[0-9a-f-]{36}$/i.test(jobId)) return // no job row to tell: nothing else to do
  const now = new Date().toISOString()
  const stored = await o.ctx.history.complete(jobId, failedBeforeRun({ reason, startedAt: now, completedAt: now, worker, attempt }))
  if (stored) {
    const j = await o.ctx.history.get(jobId)
    if (j) o.ctx.busSink.finished(j)
  }
}

