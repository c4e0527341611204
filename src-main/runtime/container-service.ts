import Docker from 'dockerode'
import { Counter } from 'prom-client'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { BackendService, BackendServiceContext } from '../core/backend-service'
import type { DataStore } from '../store/data-store'
import type { Database } from '../store/db'
import { FollowLeases } from './follow-leases'
import { RuntimeOrchestrator } from './orchestrator'
import { StatsSampler } from './stats-sampler'
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
  /** how often the sessions followed here are sampled (default 1000 ms; samples on `<root>.runtime.<id>.stats`) */
  statsEveryMs?: number
  /** a follow lease not renewed for this long is taken over by another instance (default 15 s) */
  leaseTtlMs?: number
  /** projects whose folders may be mounted must lie inside these (null: any; see checkSessionConfig) */
  mountRoots: string[] | null
}

/**
 * `container`: the runtime-session orchestrator answering `<root>.container.<verb>.<sessionId>`
 * in queue group slate-container, following each container's output while it runs. At start it
 * reconciles the sessions the database says are active with the engine (resumes following, or
 * records what ended while nobody watched). A Docker engine that is not there does not stop the
 * service: requests are answered with Docker's error and health says why.
 *
 * Each running session is followed by one instance (a lease in the database, renewed every
 * ttl/3; the others adopt its sessions when it stops renewing), which also samples its stats once
 * a second onto `<root>.runtime.<id>.stats` for the UIs and the analytics service.
 *
 * Drain: stop taking requests, let the ones being answered finish. Containers keep running —
 * they belong to the sessions, not to this process — and the next instance's reconcile follows
 * them again from their last stored line.
 */
export async function startContainerService(deps: ContainerServiceDeps, ctx: BackendServiceContext): Promise<BackendService> {
  const docker = deps.docker ?? new Docker()
  const leaseTtlMs = deps.leaseTtlMs ?? 15_000
  const leases = new FollowLeases(deps.db, FollowLeases.newOwner(), leaseTtlMs)
  const orch = new RuntimeOrchestrator({ docker, store: deps.store, db: deps.db, bus: deps.bus, subjects: deps.subjects, follow: true, leases, mountRoots: deps.mountRoots })
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
  const stopFollowing = orch.keepFollowing({
    pass: (r) => {
      if (r.followed.length + r.finished.length > 0) ctx.log(`container: took over ${r.followed.length} session(s) whose follower stopped, recorded ${r.finished.length} that ended`)
    },
  })
  const sampler = new StatsSampler({ orch, bus: deps.bus, subjects: deps.subjects, everyMs: deps.statsEveryMs ?? 1000 })
  let draining = false
  return {
    name: 'container',
    inFlight: () => served.inFlight(),
    health: () => (draining ? { ok: false, detail: 'draining' } : dockerError ? { ok: false, detail: `Docker engine unreachable: ${dockerError}` } : { ok: true, detail: `answering on ${deps.subjects.containerRequestAll('start')} (queue ${deps.queue ?? 'slate-container'})` }),
    drain: async () => {
      draining = true
      clearInterval(poll)
      stopFollowing()
      sampler.stop()
      await served.drain()
    },
  }
}
