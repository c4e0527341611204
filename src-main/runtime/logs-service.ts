import type { NatsConnection } from '@nats-io/nats-core'
import { Counter, Gauge } from 'prom-client'
import type { Bus } from '../bus/bus'
import type { Subjects } from '../bus/subjects'
import type { BackendService, BackendServiceContext } from '../core/backend-service'
import type { Database } from '../store/db'
import { LogAggregator } from './log-aggregator'
import { PgLogSink } from './log-sink'
import { assetBatchLogSource, assetLogSource, buildLogSource, PgAssetLogSink, PgBuildLogSink } from './log-sources'

export interface LogsServiceDeps {
  bus: Bus
  subjects: Subjects
  db: Database
  /** team mode: the NATS connection, to read the LOGS stream with durable consumers */
  nc?: NatsConnection
  /** longest a line waits for its batch (default 5000 ms; a warning or error is written at once) */
  intervalMs?: number
  batchSize?: number
}

const KINDS = ['runtime', 'build', 'asset', 'asset-batch'] as const

/**
 * `logs`: the log aggregator for every log subject — runtime lines into slate_runtime_logs, build
 * lines into slate_build_logs, asset-processing lines into slate_asset_logs — one aggregator per
 * subject. Team mode reads JetStream's LOGS stream with durable consumers (shared by every
 * instance: each message goes to one of them, and is acked only once stored); solo mode subscribes
 * on the in-process bus. Drain: stop taking lines, write and ack what is buffered.
 */
export async function startLogsService(deps: LogsServiceDeps, ctx: BackendServiceContext): Promise<BackendService> {
  const errors = new Counter({ name: 'slate_logs_write_failures_total', help: 'batches that failed to write (retried)', labelNames: ['kind'], registers: [ctx.metrics] })
  let lastError: { at: number; message: string } | null = null
  const common = {
    bus: deps.bus,
    subjects: deps.subjects,
    intervalMs: deps.intervalMs,
    batchSize: deps.batchSize,
    jetstream: deps.nc ? { nc: deps.nc } : undefined,
  }
  const onError = (kind: string) => (err: unknown) => {
    errors.inc({ kind })
    lastError = { at: Date.now(), message: err instanceof Error ? err.message : String(err) }
  }
  // a stray publisher can send many bad lines: say so at the 1st, 10th, 100th… of each kind
  const rejected: Record<string, number> = {}
  const onRejected = (kind: string) => (_row: unknown, err: unknown) => {
    const n = (rejected[kind] = (rejected[kind] ?? 0) + 1)
    if (Number.isInteger(Math.log10(n))) ctx.log(`logs: ${kind}: a line the database refused was dropped (${n} so far): ${err instanceof Error ? err.message : String(err)}`)
  }
  const on = (kind: string) => ({ onError: onError(kind), onRejected: onRejected(kind) })
  const S = deps.subjects
  const aggregators = {
    runtime: new LogAggregator({ ...common, sink: new PgLogSink(deps.db), ...on('runtime') }),
    build: new LogAggregator({ ...common, source: buildLogSource(S), sink: new PgBuildLogSink(deps.db), ...on('build') }),
    asset: new LogAggregator({ ...common, source: assetLogSource(S), sink: new PgAssetLogSink(deps.db), ...on('asset') }),
    'asset-batch': new LogAggregator({ ...common, source: assetBatchLogSource(S), sink: new PgAssetLogSink(deps.db), ...on('asset-batch') }),
  }
  const stops: (() => Promise<void>)[] = []
  try {
    for (const k of KINDS) {
      await aggregators[k].start()
      stops.push(() => aggregators[k].stop())
    }
  } catch (err) {
    for (const stop of stops) await stop().catch(() => undefined)
    throw err
  }
  const counter = (name: string, help: string, key: keyof LogAggregator['counters']) =>
    new Gauge({
      name,
      help,
      labelNames: ['kind'],
      registers: [ctx.metrics],
      collect() {
        for (const k of KINDS) this.set({ kind: k }, aggregators[k].counters[key])
      },
    })
  // counters kept by the aggregators, exposed as monotonic gauges read at scrape time
  counter('slate_logs_lines_received_total', 'log lines received from the bus', 'received')
  counter('slate_logs_lines_written_total', 'log lines stored', 'written')
  counter('slate_logs_lines_duplicate_total', 'log lines delivered again and skipped', 'duplicates')
  counter('slate_logs_lines_orphan_total', 'log lines of a session or build the database does not know (dropped)', 'orphans')
  counter('slate_logs_lines_rejected_total', 'log lines the database refused as they are, e.g. an impossible date (dropped)', 'rejected')
  ctx.log(`logs: storing ${KINDS.join(', ')} log lines (${deps.nc ? 'JetStream durable consumers' : 'in-process bus'})`)
  let draining = false
  const pending = () => KINDS.reduce((n, k) => n + aggregators[k].pending, 0)
  return {
    name: 'logs',
    inFlight: pending,
    health: () => {
      if (draining) return { ok: false, detail: 'draining' }
      const c = KINDS.map((k) => aggregators[k].counters)
      const written = c.reduce((n, x) => n + x.written, 0)
      // failing now: the last write failed within the last 30 s and lines are waiting
      if (lastError && Date.now() - lastError.at < 30_000 && pending() > 0) return { ok: false, detail: `writing fails: ${lastError.message} (${pending()} line(s) waiting)` }
      return { ok: true, detail: `${written} line(s) stored, ${pending()} buffered` }
    },
    drain: async () => {
      draining = true
      for (const k of KINDS) await aggregators[k].stop()
    },
  }
}
