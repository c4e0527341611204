import os from 'node:os'
import { Counter } from 'prom-client'
import type { BackendService, BackendServiceContext } from '../core/backend-service'
import type { DataServices } from '../store/data-services'
import { busEventSink } from './bus-events'
import { buildHistoryFor, type BuildContext } from './context'
import { runWorker } from './farm'
import { farmWorkerOptions, type FarmWorkerSettings } from './worker-setup'

/**
 * `build`: the build-farm worker of `slate worker` as a service: takes one job at a time from the
 * JetStream work queue (a durable consumer per target, shared by every worker: each job goes to
 * one), builds it, stores the result in the team database and only then acknowledges it. Drain:
 * nothing new is taken, the build in progress finishes and is acknowledged.
 */
export async function startBuildService(deps: { data: DataServices; dataDir: string; settingUnity?: string; worker: FarmWorkerSettings }, ctx: BackendServiceContext): Promise<BackendService> {
  // no offline fallback: a result that did not reach the team database must not be acknowledged
  const buildCtx: BuildContext = {
    services: deps.data,
    history: buildHistoryFor(deps.data, false),
    busSink: busEventSink(deps.data.bus, deps.data.subjects, `slate-${os.hostname()}-${process.pid}`),
    close: async () => undefined,
  }
  const jobs = new Counter({ name: 'slate_build_jobs_total', help: 'farm jobs this worker finished, by outcome', labelNames: ['status'], registers: [ctx.metrics] })
  const options = farmWorkerOptions(deps.worker, { ctx: buildCtx, dataDir: deps.dataDir, settingUnity: deps.settingUnity })
  const worker = await runWorker({ ...options, log: (l) => ctx.log(`build: ${l}`), onFinished: (status) => jobs.inc({ status }) })
  let draining = false
  return {
    name: 'build',
    inFlight: () => worker.busy(),
    health: () =>
      draining
        ? { ok: false, detail: 'draining' }
        : deps.data.buildQueue.kind === 'jetstream'
          ? { ok: true, detail: `${options.name}: ${worker.busy() ? 'building' : 'waiting for jobs'} (${options.targets.length} target(s))` }
          : { ok: false, detail: 'the build queue is not on JetStream (NATS unreachable)' },
    drain: async () => {
      draining = true
      await worker.stop()
    },
  }
}
