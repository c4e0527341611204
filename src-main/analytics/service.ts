import { Counter, Gauge } from 'prom-client'
import type { BackendService, BackendServiceContext } from '../core/backend-service'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { DataStore } from '../store/data-store'
import { AnalyticsCollector } from './collector'

export interface AnalyticsServiceDeps {
  bus: Bus
  subjects: Subjects
  store: DataStore
  /** for tests: how often the buffer is written (default 2000 ms) */
  intervalMs?: number
}

/**
 * The analytics service: listens on the bus (rows changed, runtime samples and logs, asset
 * batches) and stores analytics events in slate_analytics_events. Several may run (queue group
 * `slate-analytics`); ids derived from what an event is about make a double hearing harmless.
 */
export async function startAnalyticsService(deps: AnalyticsServiceDeps, ctx: BackendServiceContext): Promise<BackendService> {
  const stored = new Counter({ name: 'slate_analytics_events_stored_total', help: 'Analytics events written', registers: [ctx.metrics] })
  const failures = new Counter({ name: 'slate_analytics_write_failures_total', help: 'Failed analytics writes (retried)', registers: [ctx.metrics] })
  const collector = new AnalyticsCollector({
    bus: deps.bus,
    subjects: deps.subjects,
    store: deps.store,
    intervalMs: deps.intervalMs,
    onError: (err) => {
      failures.inc()
      ctx.log(`analytics: ${err instanceof Error ? err.message : String(err)}`)
    },
  })
  new Gauge({ name: 'slate_analytics_buffered', help: 'Analytics events heard, not yet stored', registers: [ctx.metrics], collect() { this.set(collector.inFlight()) } })
  let last = 0
  const sync = () => {
    stored.inc(collector.counters.stored - last)
    last = collector.counters.stored
  }
  collector.start()
  let draining = false
  return {
    name: 'analytics',
    inFlight: () => collector.inFlight(),
    health: () => {
      sync()
      if (draining) return { ok: false, detail: 'draining' }
      if (collector.lastError) return { ok: false, detail: `writing events fails (${collector.lastError}); ${collector.inFlight()} kept to retry` }
      return { ok: true, detail: `${collector.counters.stored} events stored, ${collector.inFlight()} buffered` }
    },
    async drain() {
      draining = true
      await collector.stop()
      sync()
    },
  }
}
