import os from 'node:os'
import path from 'node:path'
import { Counter, type Registry } from 'prom-client'
import { z } from 'zod'
import { processOptionsSchema } from '../../../src-shared/contract-assetproc'
import type { Bus } from '../../bus/bus'
import type { Subjects } from '../../bus/subjects'
import type { WorkConsumer, WorkItem, WorkQueue } from '../../bus/work-queue'
import type { BackendService, BackendServiceContext } from '../../core/backend-service'
import { isInsideRoot } from '../../core/confined-fs'
import { runBatch } from './batch'
import { busProgress } from './bus-events'
import { projectIdForFolder } from '../../store/project-id'
import { collectSources } from './collect'
import { ProcessPool } from './worker-pool'

/**
 * The asset farm (`slate services --only asset`): batches taken from the JetStream work queue
 * `<root>.queue.asset.<pool>` one at a time, each run on every core of this machine, progress and
 * log lines on `<root>.asset.batch.<jobId>.*` like a batch in the app. A job is acknowledged only
 * once its outputs are written (each atomically); a worker killed meanwhile never acks, so
 * JetStream hands the job to another worker after the ack wait, which writes every output again
 * (over the same names: an output folder is required) and sweeps the dead worker's temp files.
 *
 * A job names files by path: the farm reads them from storage it shares with the team (a mount,
 * a checkout). Only paths inside `roots` are read or written, so a job cannot make the service
 * touch anything else on the machine.
 */
export const assetJobSchema = z
  .object({
    jobId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    /** the Unity project the files belong to (outputs in it get a .meta); absolute on the worker */
    project: z.string().min(1).max(4096).optional(),
    /** files or folders: absolute, or relative to `project` */
    paths: z.array(z.string().min(1).max(4096)).min(1).max(100_000),
    options: processOptionsSchema,
    /** absolute on the worker; required (a redelivered job must write the same names again) */
    outDir: z.string().min(1).max(4096),
    submittedBy: z.string().max(200).optional(),
  })
  .strict()
export type AssetJob = z.infer<typeof assetJobSchema>

export interface AssetServiceDeps {
  bus: Bus
  subjects: Subjects
  queue: WorkQueue<AssetJob>
  /** folders jobs may read from and write to (absolute) */
  roots: string[]
  /** queue pools to take jobs from (default ['default']) */
  pools?: string[]
  /** threads per batch (default one per core) */
  concurrency?: number
  /** redeliver a job after this long without a sign of life from its worker (default 60 s) */
  ackWaitMs?: number
  name?: string
}

/** Submit a batch to the farm; the same jobId twice is queued once. */
export async function submitAssetJob(queue: WorkQueue<AssetJob>, job: AssetJob, pool = 'default'): Promise<void> {
  await queue.enqueue(pool, assetJobSchema.parse(job), { id: job.jobId })
}

function metrics(registry: Registry) {
  const get = <T>(name: string, make: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? make()
  return {
    jobs: get('slate_asset_jobs_total', () => new Counter({ name: 'slate_asset_jobs_total', help: 'Asset batches taken from the queue, by outcome', labelNames: ['outcome'], registers: [registry] })),
    files: get('slate_asset_files_total', () => new Counter({ name: 'slate_asset_files_total', help: 'Files processed by the asset farm, by outcome', labelNames: ['outcome'], registers: [registry] })),
  }
}

/** Why a job cannot run here (a sentence for its log), or null. */
export function refuseReason(job: AssetJob, roots: string[]): string | null {
  const inside = (p: string) => roots.some((r) => isInsideRoot(path.resolve(r), path.resolve(p)))
  if (!path.isAbsolute(job.outDir)) return 'outDir must be an absolute folder on the worker'
  if (!inside(job.outDir)) return `the output folder ${job.outDir} is outside this worker's folders (${roots.join(', ')})`
  if (job.project && (!path.isAbsolute(job.project) || !inside(job.project))) return `the project ${job.project} is outside this worker's folders`
  for (const p of job.paths) {
    if (!path.isAbsolute(p) && !job.project) return `"${p}" is relative but the job names no project`
    if (!inside(path.resolve(job.project ?? '/', p))) return `"${p}" is outside this worker's folders`
  }
  return null
}

export async function startAssetService(deps: AssetServiceDeps, ctx: BackendServiceContext): Promise<BackendService> {
  const name = deps.name ?? `asset-${os.hostname()}-${process.pid}`
  const m = metrics(ctx.metrics)
  const ackWaitMs = deps.ackWaitMs ?? 60_000
  let current: { jobId: string; abort: AbortController; files: number; done: number } | null = null
  let lastError: string | null = null
  let draining = false

  const handle = async (item: WorkItem<AssetJob>): Promise<void> => {
    const parsed = assetJobSchema.safeParse(item.data)
    const jobId = typeof (item.data as { jobId?: unknown })?.jobId === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(item.data.jobId) ? item.data.jobId : null
    if (!parsed.success) {
      // Not retried: a malformed job stays malformed. Said where its submitter listens, if it can be.
      const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
      ctx.log(`${name}: refused a malformed job${jobId ? ` ${jobId}` : ''}: ${why}`)
      if (jobId) deps.bus.publish(deps.subjects.assetBatchLog(jobId), { batchId: jobId, level: 'error', message: `refused by ${name}: ${why}`, timestamp: new Date().toISOString() })
      m.jobs.inc({ outcome: 'refused' })
      return
    }
    const job = parsed.data
    const refused = refuseReason(job, deps.roots)
    if (refused) {
      ctx.log(`${name}: refused job ${job.jobId}: ${refused}`)
      deps.bus.publish(deps.subjects.assetBatchLog(job.jobId), { batchId: job.jobId, level: 'error', message: `refused by ${name}: ${refused}`, timestamp: new Date().toISOString() })
      m.jobs.inc({ outcome: 'refused' })
      return
    }
    const sources = job.project ? collectSources(job.project, job.paths) : job.paths.flatMap((p) => collectSources(path.dirname(p), [p]))
    const report = busProgress(deps.bus, deps.subjects, name, job.project ? projectIdForFolder(job.project) : null)
    const abort = new AbortController()
    current = { jobId: job.jobId, abort, files: sources.length, done: 0 }
    const keepAlive = setInterval(() => item.working(), Math.max(250, Math.floor(ackWaitMs / 3)))
    ctx.log(`${name}: job ${job.jobId}: ${sources.length} files → ${job.outDir} (delivery ${item.deliveryCount})`)
    const pool = new ProcessPool(deps.concurrency)
    try {
      const r = await runBatch({
        project: job.project,
        sources,
        options: job.options,
        outDir: job.outDir,
        batchId: job.jobId,
        pool,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.file) {
            current!.done++
            m.files.inc({ outcome: p.file.ok ? 'ok' : 'failed' })
          }
          report(p)
        },
      })
      await deps.bus.flush().catch(() => undefined)
      // Drained mid-batch: hand the job back (nak) so another worker does it whole.
      if (r.cancelled) throw new Error(`${name} stopped before the batch finished`)
      m.jobs.inc({ outcome: r.failed ? 'some_failed' : 'ok' })
      ctx.log(`${name}: job ${job.jobId}: ${r.done - r.failed} processed, ${r.failed} failed in ${(r.ms / 1000).toFixed(1)} s`)
    } catch (e) {
      lastError = (e as Error).message
      m.jobs.inc({ outcome: 'error' })
      throw e
    } finally {
      clearInterval(keepAlive)
      await pool.close()
      current = null
    }
  }

  const consumer: WorkConsumer = await deps.queue.consume(handle, {
    targets: deps.pools ?? ['default'],
    ackWaitMs,
    maxDeliveries: 5,
    onGiveUp: (item, err) => {
      const jobId = (item.data as { jobId?: string }).jobId
      ctx.log(`${name}: gave up on job ${jobId} after ${item.deliveryCount} deliveries: ${(err as Error)?.message}`)
      if (jobId && /^[A-Za-z0-9_-]{1,64}$/.test(jobId)) deps.bus.publish(deps.subjects.assetBatchLog(jobId), { batchId: jobId, level: 'error', message: `no worker could finish this batch after ${item.deliveryCount} attempts: ${(err as Error)?.message}`, timestamp: new Date().toISOString() })
    },
  })
  ctx.log(`${name}: waiting for asset batches on ${(deps.pools ?? ['default']).map((p) => deps.subjects.assetQueue(p)).join(', ')} (${deps.queue.kind})`)

  return {
    name: 'asset',
    inFlight: () => (current ? 1 : 0),
    health: () => {
      if (draining) return { ok: false, detail: 'draining' }
      if (current) return { ok: true, detail: `batch ${current.jobId}: ${current.done}/${current.files} files` }
      return { ok: true, detail: lastError ? `idle (last error: ${lastError})` : 'idle' }
    },
    drain: async () => {
      draining = true
      // The batch in hand stops at once and goes back to the queue; outputs written so far are whole.
      current?.abort.abort()
      await consumer.stop()
    },
  }
}
