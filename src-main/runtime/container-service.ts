import Docker from 'dockerode'
import { Counter } from 'prom-client'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { BackendService, BackendServiceContext } from '../core/backend-service'
import type { DataStore } from '../store/data-store'
import type { Database } from '../store/db'
import { RuntimeOrchestrator } from './orchestrator'
import { serveOrchestrator } from './orchestrator-service'

export interface ContainerServiceDeps {
  bus: Bus
  subjects: Subjects
  store: DataStore
  db: Database
  /** default: DOCKER_HOST or the default socket */
  docker?: Docker
  /** queue group the instances share requests in (default slate-container) */
  queue?: string
}

/**
 * `container`: the runtime-session orchestrator answering `<root>.container.<verb>.<sessionId>`
 * in queue group slate-container, following each container's output while it runs. At start it
 * reconciles the sessions the database says are active with the engine (resumes following, or
 * records what ended while nobody watched). A Docker engine that is not there does not stop the
 * service: requests are answered with Docker's error and health says why.
 *
 * Drain: stop taking requests, let the ones being answered finish. Containers keep running —
 * they belong to the sessions, not to this process — and the next instance's reconcile follows
 * them again from their last stored line.
 */
export async function startContainerService(deps: ContainerServiceDeps, ctx: BackendServiceContext): Promise<BackendService> {
  const docker = deps.docker ?? new Docker()
  const orch = new RuntimeOrchestrator({ docker, store: deps.store, db: deps.db, bus: deps.bus, subjects: deps.subjects, follow: true })
  const requests = new Counter({ name: 'slate_container_requests_total', help: 'orchestrator requests answered', labelNames: ['verb'], registers: [ctx.metrics] })
  let dockerError: string | null = null
  try {
    const r = await orch.reconcile()
    if (r.followed.length || r.finished.length || r.removed) ctx.log(`container: reconciled: following ${r.followed.length}, finished ${r.finished.length}, removed ${r.removed} stray container(s)`)
  } catch (err) {
    dockerError = err instanceof Error ? err.message : String(err)
    ctx.log(`container: reconcile failed (${dockerError}); requests are answered, Docker's errors go back to the caller`)
  }
  const served = serveOrchestrator(deps.bus, deps.subjects, orch, deps.queue ?? 'slate-container', (verb) => requests.inc({ verb }))
  // The engine may come later (dockerd started after SLATE): health follows it.
  const ping = async () => {
    try {
      await docker.ping()
      dockerError = null
    } catch (err) {
      dockerError = err instanceof Error ? err.message : String(err)
    }
  }
  const poll = setInterval(() => void ping(), 10_000)
  poll.unref()
  let draining = false
  return {
    name: 'container',
    inFlight: () => served.inFlight(),
    health: () => (draining ? { ok: false, detail: 'draining' } : dockerError ? { ok: false, detail: `Docker engine unreachable: ${dockerError}` } : { ok: true, detail: `answering on ${deps.subjects.containerRequestAll('start')} (queue ${deps.queue ?? 'slate-container'})` }),
    drain: async () => {
      draining = true
      clearInterval(poll)
      await served.drain()
    },
  }
}
