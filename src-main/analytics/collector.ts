import type * as D from '../../src-shared/types-data'
import type { Bus, BusSubscription } from '../bus/bus'
import type { EntityEvent, Subjects } from '../bus/subjects'
import type { AnalyticsEventInput } from '../store/bulk'
import type { DataStore } from '../store/data-store'
import { isConnectionError } from '../store/db'
import { nameBasedUuid } from '../store/project-id'

/**
 * Turns what the bus carries into analytics events (slate_analytics_events):
 *   project.created|updated|deleted|restored   from the projects' row changes
 *   build.completed   { target, status, durationMs }        a build job reached an end state
 *   runtime.session.started / runtime.session.ended { status, exitCode } a session's outcome
 *   runtime.stats     { sessionId, cpuPercent, memoryUsedBytes, netRxBytes, netTxBytes }
 *   asset.batch.finished { batchId, done, failed, total, ms }
 *   runtime.log.volume { sessionId, lines }                 lines per session, summed per flush
 * Ids are derived from what an event is about (a job and its end state, a session's start time),
 * so the same change heard twice — two SLATEs, a redelivery — is stored once.
 */
export const stableId = (key: string): string => nameBasedUuid(`slate.analytics:${key}`)

const BUILD_ENDS: D.BuildStatus[] = ['succeeded', 'failed', 'cancelled']
const SESSION_ENDS: D.RuntimeStatus[] = ['stopped', 'failed']

export interface CollectorOptions {
  bus: Bus
  subjects: Subjects
  store: DataStore
  /** events per INSERT, and the buffer size that triggers a write (default 500) */
  batchSize?: number
  /** longest an event waits (default 2000 ms) */
  intervalMs?: number
  /** events kept while the database fails; beyond, the oldest are dropped (default 100 000) */
  maxBuffered?: number
  /**
   * how long an event whose row cannot be read (the database is unreachable, the pool is
   * exhausted) is retried before it is given up and counted as dropped (default 30 000 ms)
   */
  retryForMs?: number
  onError?(err: unknown): void
}

/** the database is out of reach for now (connection, pool, server starting or shutting down, too many clients) */
const retryable = (err: unknown) => isConnectionError(err) || /^(?:53300|57P0[1-3])$/.test(String((err as { code?: unknown })?.code ?? ''))

export class AnalyticsCollector {
  private buffer: AnalyticsEventInput[] = []
  private readonly logLines = new Map<string, number>()
  private readonly batchStarts = new Map<string, number>()
  private subs: BusSubscription[] = []
  private timer: NodeJS.Timeout | null = null
  private chain: Promise<void> = Promise.resolve()
  private pending = 0
  private stopping = false
  private readonly sleepers = new Set<() => void>()
  readonly counters = { heard: 0, stored: 0, failures: 0, dropped: 0 }
  lastError: string | null = null

  constructor(private readonly o: CollectorOptions) {}

  start(): void {
    const { bus, subjects: S } = this.o
    const q = { queue: 'slate-analytics' }
    const on = <T>(subject: string, fn: (data: T) => Promise<void> | void) =>
      this.subs.push(
        bus.subscribe<T>(
          subject,
          async (m) => {
            this.pending++
            try {
              await this.untilHandled(() => fn(m.data))
            } finally {
              this.pending--
            }
          },
          q,
        ),
      )
    on<EntityEvent>(S.entityAll('project'), (e) => this.projectChanged(e))
    on<EntityEvent>(S.entityAll('buildJob'), (e) => this.buildChanged(e))
    on<EntityEvent>(S.entityAll('runtimeSession'), (e) => this.sessionChanged(e))
    on<Record<string, unknown>>(S.runtimeEventAll('stats'), (s) => this.stats(s))
    on<{ batchId: string; phase: string; done: number; failed: number; total: number }>(S.assetBatchAll(), (p) => this.assetBatch(p))
    on<{ lines?: { sessionId: string }[]; sessionId?: string }>(S.runtimeLogAll(), (m) => this.logs(m))
    this.timer = setInterval(() => void this.flush(), this.o.intervalMs ?? 2000)
    this.timer.unref()
  }

  /**
   * Most events are turned into analytics by reading the row they announce. A read that fails
   * because the database is out of reach (a dropped connection, a pool that is full under load,
   * too many clients) is retried with backoff rather than losing the event; it is dropped, and
   * counted, only after retryForMs or when stopping. Any other error (a bad id from some
   * publisher) will not heal by waiting: reported and dropped at once. Reported once per event.
   */
  private async untilHandled(handle: () => Promise<void> | void): Promise<void> {
    const giveUpAt = Date.now() + (this.o.retryForMs ?? 30_000)
    for (let attempt = 0; ; attempt++) {
      try {
        await handle()
        return
      } catch (err) {
        this.counters.failures++
        this.lastError = err instanceof Error ? err.message : String(err)
        if (attempt === 0) this.o.onError?.(err)
        if (!retryable(err) || this.stopping || Date.now() >= giveUpAt) {
          this.counters.dropped++
          return
        }
        await this.sleep(Math.min(2000, 50 * 2 ** attempt))
        if (this.stopping) {
          this.counters.dropped++
          return
        }
      }
    }
  }

  /** a wait that stop() cuts short */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer)
        this.sleepers.delete(wake)
        resolve()
      }
      const timer = setTimeout(wake, ms)
      this.sleepers.add(wake)
    })
  }

  private add(e: AnalyticsEventInput): void {
    this.buffer.push(e)
    this.counters.heard++
    if (this.buffer.length >= (this.o.batchSize ?? 500)) void this.flush()
  }

  private async projectChanged(e: EntityEvent): Promise<void> {
    const p = await this.o.store.projects.get(e.id, { includeDeleted: true })
    this.add({ id: stableId(`project:${e.id}:${e.change}:${e.updatedAt}`), projectId: p ? e.id : null, userId: e.change === 'created' ? (p?.ownerId ?? null) : null, name: `project.${e.change}`, occurredAt: e.updatedAt ?? undefined })
  }

  private async buildChanged(e: EntityEvent): Promise<void> {
    const j = await this.o.store.buildJobs.get(e.id)
    if (!j || !BUILD_ENDS.includes(j.status)) return
    const duration = j.durationMs !== null ? Number(j.durationMs) : j.startedAt && j.completedAt ? Date.parse(j.completedAt) - Date.parse(j.startedAt) : null
    this.add({
      id: stableId(`build:${j.id}:${j.status}`),
      projectId: j.projectId,
      userId: j.userId,
      name: 'build.completed',
      properties: { jobId: j.id, target: j.targetPlatform, buildType: j.buildType, status: j.status, durationMs: duration },
      occurredAt: j.completedAt ?? undefined,
    })
  }

  private async sessionChanged(e: EntityEvent): Promise<void> {
    const s = await this.o.store.runtimeSessions.get(e.id)
    if (!s) return
    const base = { projectId: s.projectId, userId: s.userId }
    // the row may already be past the change announced (fetched late): a start time is a start whatever the status now
    if (s.startedAt) {
      this.add({ ...base, id: stableId(`session:${s.id}:started:${s.startedAt}`), name: 'runtime.session.started', properties: { sessionId: s.id, runtimeType: s.runtimeType, image: String(s.containerConfig.image ?? '') }, occurredAt: s.startedAt })
    }
    if (SESSION_ENDS.includes(s.status)) {
      const exitCode = (s.metadata.exitCode as number | null | undefined) ?? null
      this.add({ ...base, id: stableId(`session:${s.id}:${s.status}:${s.stoppedAt ?? s.updatedAt}`), name: 'runtime.session.ended', properties: { sessionId: s.id, runtimeType: s.runtimeType, status: s.status, exitCode, error: s.errorMessage }, occurredAt: s.stoppedAt ?? s.updatedAt })
    }
  }

  private stats(s: Record<string, unknown>): void {
    if (typeof s.sessionId !== 'string') return
    const num = (k: string) => (typeof s[k] === 'number' && Number.isFinite(s[k]) ? (s[k] as number) : null)
    const at = num('at')
    this.add({
      id: stableId(`stats:${s.sessionId}:${at}`),
      name: 'runtime.stats',
      properties: { sessionId: s.sessionId, cpuPercent: num('cpuPercent'), memoryUsedBytes: num('memoryUsedBytes'), netRxBytes: num('netRxBytes'), netTxBytes: num('netTxBytes') },
      occurredAt: at ? new Date(at).toISOString() : undefined,
    })
  }

  private assetBatch(p: { batchId: string; phase: string; done: number; failed: number; total: number }): void {
    if (p.phase === 'started') this.batchStarts.set(p.batchId, performance.now())
    if (p.phase !== 'finished' && p.phase !== 'cancelled') return
    const started = this.batchStarts.get(p.batchId)
    this.batchStarts.delete(p.batchId)
    this.add({ id: stableId(`asset-batch:${p.batchId}`), name: 'asset.batch.finished', properties: { batchId: p.batchId, phase: p.phase, done: p.done, failed: p.failed, total: p.total, ms: started !== undefined ? performance.now() - started : null } })
  }

  private logs(m: { lines?: { sessionId: string }[]; sessionId?: string }): void {
    const lines = Array.isArray(m.lines) ? m.lines : [m]
    for (const l of lines) if (typeof l?.sessionId === 'string') this.logLines.set(l.sessionId, (this.logLines.get(l.sessionId) ?? 0) + 1)
  }

  /** Write what is buffered (log volume summed into one event per session). */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.write())
    return this.chain
  }

  private async write(): Promise<void> {
    for (const [sessionId, lines] of this.logLines) this.buffer.push({ name: 'runtime.log.volume', properties: { sessionId, lines } })
    this.logLines.clear()
    while (this.buffer.length) {
      const rows = this.buffer.splice(0, this.o.batchSize ?? 500)
      try {
        await this.o.store.addAnalyticsEvents(rows)
        this.counters.stored += rows.length
        this.lastError = null
      } catch (err) {
        this.counters.failures++
        this.lastError = err instanceof Error ? err.message : String(err)
        this.o.onError?.(err)
        this.buffer.unshift(...rows)
        const over = this.buffer.length - (this.o.maxBuffered ?? 100_000)
        if (over > 0) {
          this.buffer.splice(0, over)
          this.counters.dropped += over
        }
        return
      }
    }
  }

  /** Events heard and not yet stored, and handlers still fetching rows. */
  inFlight(): number {
    return this.buffer.length + this.pending
  }

  async stop(): Promise<void> {
    this.stopping = true
    for (const wake of [...this.sleepers]) wake()
    for (const s of this.subs) s.unsubscribe()
    this.subs = []
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.o.bus.flush().catch(() => undefined)
    while (this.pending > 0) await new Promise((r) => setImmediate(r))
    await this.flush()
  }
}
