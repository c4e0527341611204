import { Gauge, type Registry } from 'prom-client'
import type { BackendServiceState } from '../../src-shared/contract-services'
import type { BackendService, BackendServiceContext } from './backend-service'

/**
 * One row of the services table (host/backend-services.ts): how to start a service from the
 * process's dependencies, and whether it can run with them at all.
 */
export interface BackendServiceEntry<Deps> {
  readonly name: string
  /** one line for usage and the README */
  readonly what: string
  /** null when the service can run with these dependencies, else why not (e.g. "needs NATS") */
  unavailable(deps: Deps): string | null
  start(deps: Deps, ctx: BackendServiceContext): Promise<BackendService>
}

/** what /healthz and the dashboard (services.status) show of each service */
export type BackendServiceStatus = BackendServiceState

/** The running services of one process, drained in the reverse order they started. */
export interface BackendServiceGroup {
  readonly services: readonly BackendService[]
  status(): BackendServiceStatus[]
  /** every service ok (an empty group is ok: nothing is failing) */
  ok(): boolean
  /** drain each service in reverse start order; resolves when all have drained (errors are logged, not thrown) */
  drain(): Promise<void>
}

/**
 * Which services `--only` (or the default, every available one) selects. Unknown names and
 * services asked for by name that cannot run are errors; the default skips what cannot run and
 * says why.
 */
export function selectBackendServices<Deps>(table: readonly BackendServiceEntry<Deps>[], deps: Deps, only: string[] | null): { selected: BackendServiceEntry<Deps>[]; skipped: { name: string; why: string }[] } {
  if (only) {
    const unknown = only.find((n) => !table.some((e) => e.name === n))
    if (unknown !== undefined) throw new Error(`unknown service "${unknown}": this SLATE runs ${table.map((e) => e.name).join(', ')}`)
    const selected = table.filter((e) => only.includes(e.name))
    for (const e of selected) {
      const why = e.unavailable(deps)
      if (why) throw new Error(`service "${e.name}" cannot run here: ${why}`)
    }
    return { selected, skipped: [] }
  }
  const selected: BackendServiceEntry<Deps>[] = []
  const skipped: { name: string; why: string }[] = []
  for (const e of table) {
    const why = e.unavailable(deps)
    if (why) skipped.push({ name: e.name, why })
    else selected.push(e)
  }
  return { selected, skipped }
}

/**
 * Start services in table order (a later service may publish to an earlier one: the container
 * service's log lines go to the logs service, so logs starts first and drains last). When one
 * fails to start, the ones already started are drained and the error is thrown.
 */
export async function startBackendServices<Deps>(entries: readonly BackendServiceEntry<Deps>[], deps: Deps, ctx: BackendServiceContext, onStarted?: (s: BackendService) => void): Promise<BackendServiceGroup> {
  const started: BackendService[] = []
  const group = groupOf(started, ctx)
  for (const e of entries) {
    try {
      const s = await e.start(deps, ctx)
      started.push(s)
      onStarted?.(s)
    } catch (err) {
      await group.drain()
      throw new Error(`service "${e.name}" did not start: ${err instanceof Error ? err.message : String(err)}`, { cause: err })
    }
  }
  registerServiceGauges(ctx.metrics, started)
  return group
}

function groupOf(services: BackendService[], ctx: BackendServiceContext): BackendServiceGroup {
  let draining: Promise<void> | null = null
  const status = () =>
    services.map((s) => {
      let h: { ok: boolean; detail: string }
      try {
        h = s.health()
      } catch (err) {
        h = { ok: false, detail: `health check failed: ${err instanceof Error ? err.message : String(err)}` }
      }
      return { name: s.name, ok: h.ok, detail: h.detail, inFlight: s.inFlight() }
    })
  return {
    services,
    status,
    ok: () => status().every((s) => s.ok),
    drain() {
      draining ??= (async () => {
        for (const s of [...services].reverse()) {
          try {
            await s.drain()
          } catch (err) {
            ctx.log(`service ${s.name}: drain failed: ${err instanceof Error ? err.message : String(err)}`)
          }
        }
      })()
      return draining
    },
  }
}

/** slate_service_up and slate_service_in_flight per service, read when /metrics is scraped. */
function registerServiceGauges(metrics: Registry, services: readonly BackendService[]): void {
  if (!metrics.getSingleMetric('slate_service_up')) {
    new Gauge({
      name: 'slate_service_up',
      help: '1 when the service reports healthy, else 0',
      labelNames: ['service'],
      registers: [metrics],
      collect() {
        for (const s of services) this.set({ service: s.name }, safeOk(s) ? 1 : 0)
      },
    })
  }
  if (!metrics.getSingleMetric('slate_service_in_flight')) {
    new Gauge({
      name: 'slate_service_in_flight',
      help: 'pieces of work taken and not yet finished (requests, jobs, buffered lines)',
      labelNames: ['service'],
      registers: [metrics],
      collect() {
        for (const s of services) this.set({ service: s.name }, s.inFlight())
      },
    })
  }
}

function safeOk(s: BackendService): boolean {
  try {
    return s.health().ok
  } catch {
    return false
  }
}
