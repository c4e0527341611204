/**
 * `npm run bench -- runtime`: the runtime log path and container start, each against a baseline
 * measured in the same run.
 *   1. sustained ingest: lines published on NATS (LogBatchMessage of 1000, as the orchestrator
 *      does) → JetStream LOGS → the aggregator's durable consumer → COPY into PostgreSQL, vs a bare
 *      COPY of the same rows in the same batch size (goal ≥ 200,000 lines/s)
 *   2. publish → stored of one error line (the urgent flush) p50/p99, vs one bare single-row COPY
 *   3. container start → first log line stored p50/p99, vs `docker run` of the same image to its
 *      first output (skipped without Docker: DOCKER_HOST unset)
 * Everything it makes (database, streams, containers) is removed at the end.
 */
import { randomUUID } from 'node:crypto'
import os from 'node:os'
import { connect } from '@nats-io/transport-node'
import { deleteStreams, ensureStreams, streamNames } from '../src-main/bus/jetstream'
import { NatsBus } from '../src-main/bus/nats-bus'
import { createSubjects } from '../src-main/bus/subjects'
import { LogAggregator } from '../src-main/runtime/log-aggregator'
import type { LogLineMessage } from '../src-main/runtime/log-lines'
import { PgLogSink } from '../src-main/runtime/log-sink'
import { copyRuntimeLogs } from '../src-main/store/bulk'
import type { Database } from '../src-main/store/db'
import { migrate } from '../src-main/store/migrations'
import { projects, runtimeSessions } from '../src-main/store/tables'
import { createTestDatabase } from '../src-main/store/testing/test-database'
import { benchLine, cpuBetween, ms, ObservedSink, percentile, perSec, processCpuSeconds } from './_runtime-common'
import { containerStartBench } from './_runtime-docker'

const NATS_URL = process.env.SLATE_NATS_URL ?? 'nats://127.0.0.1:4222'
const LINES = Number(process.env.SLATE_BENCH_RUNTIME_LINES ?? 400_000)
const BATCH = Number(process.env.SLATE_BENCH_RUNTIME_BATCH ?? 5000)
const SESSIONS = 4
const PER_MESSAGE = 1000
/** the aggregator's default COPY transactions at once */
const WRITERS = 2
/** the other processes on the path, whose CPU time the ingest rows report */
const SERVERS = ['postgres', 'nats-server']

type Row = [string, string, string]

async function newSessions(db: Database, n: number): Promise<string[]> {
  const p = await projects.create(db, { name: 'bench', ownerId: 'bench' })
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push((await runtimeSessions.create(db, { projectId: p.id, userId: 'bench', runtimeType: 'unity' })).id)
  return out
}

/** The same rows straight into COPY, batches of BATCH, one transaction each, on `connections` at once. */
async function bareCopy(db: Database, lines: LogLineMessage[], connections: number): Promise<number> {
  const t0 = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = next; i < lines.length; i = next) {
        next += BATCH
        await db.tx((tx) => copyRuntimeLogs(tx.client, lines.slice(i, i + BATCH)))
      }
    }),
  )
  return performance.now() - t0
}

/** The same lines for other sessions, with ids of the same shape (time-ordered: a random id costs COPY a third more). */
async function sameRowsElsewhere(db: Database, lines: LogLineMessage[][]): Promise<LogLineMessage[]> {
  const others = await newSessions(db, lines.length)
  const out: LogLineMessage[] = []
  const n = lines[0].length
  // interleaved as the aggregator receives them: one message of each session in turn
  for (let k = 0; k < n; k += PER_MESSAGE) {
    for (let s = 0; s < lines.length; s++) for (const l of lines[s].slice(k, k + PER_MESSAGE)) out.push({ ...l, id: `${l.id.slice(0, 24)}${randomUUID().slice(24)}`, sessionId: others[s] })
  }
  return out
}

export async function run(): Promise<void> {
  const rows: Row[] = []
  const t = await createTestDatabase('slate_bench_runtime')
  const S = createSubjects(`bench${randomUUID().slice(0, 8)}`)
  const nc = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') })
  const bus = await NatsBus.connect({ url: NATS_URL, name: 'slate-bench-runtime' })
  const cleanup: (() => Promise<unknown>)[] = []
  try {
    await migrate(t.db)
    const sessions = await newSessions(t.db, SESSIONS)
    const per = Math.ceil(LINES / SESSIONS)
    const lines = sessions.map((sid) => Array.from({ length: per }, (_, k) => benchLine(sid, k, k % 50 === 0 ? 'error' : 'info')))

    // 1. sustained ingest through the aggregator
    const sink = new ObservedSink(new PgLogSink(t.db))
    const agg = new LogAggregator({ bus, subjects: S, sink, batchSize: BATCH, jetstream: { nc, durable: 'bench', writers: WRITERS } })
    await agg.start()
    cleanup.push(() => agg.stop())
    const total = per * SESSIONS
    const done = sink.total(total)
    const t0 = performance.now()
    for (let k = 0; k < per; k += PER_MESSAGE) for (let s = 0; s < SESSIONS; s++) bus.publish(S.runtimeLog(sessions[s]), { lines: lines[s].slice(k, k + PER_MESSAGE) })
    await bus.flush()
    const published = performance.now() - t0
    const tAgg = (await done) - t0
    rows.push([`ingest: NATS → JetStream → aggregator → COPY (${total.toLocaleString('en-US')} lines, batches of ${BATCH})`, perSec(total, tAgg), `${ms(tAgg)}; publishing alone ${perSec(total, published)}; ${agg.counters.batches} batches, ${agg.counters.duplicates} duplicates`])

    // baselines: the same rows (other sessions: the same ids would collide) straight into COPY,
    // on one connection and on as many as the aggregator's writers
    const baselineMs = new Map<number, number>()
    for (const connections of [1, WRITERS]) {
      const baseLines = await sameRowsElsewhere(t.db, lines)
      const cpu0 = processCpuSeconds(SERVERS)
      const self0 = process.cpuUsage()
      const tCopy = await bareCopy(t.db, baseLines, connections)
      const cpu = cpuBetween(cpu0, processCpuSeconds(SERVERS), process.cpuUsage(self0))
      baselineMs.set(connections, tCopy)
      rows.push([`baseline: bare COPY of the same rows, batches of ${BATCH}, ${connections} connection${connections > 1 ? 's' : ''}`, perSec(baseLines.length, tCopy), `${ms(tCopy)}; the aggregator path runs at ${((tCopy / tAgg) * 100).toFixed(0)} % of it; CPU: ${cpu}`])
    }
    const baseSessions = await newSessions(t.db, 1)

    // 2. one error line: publish → committed (the urgent flush; the interval is 5 s)
    const latency: number[] = []
    const [sid] = sessions
    for (let i = 0; i < 100; i++) {
      const line = benchLine(sid, per + i, 'error')
      const stored = sink.stored((r) => r.id === line.id)
      const p0 = performance.now()
      bus.publish(S.runtimeLog(sid), { lines: [line] })
      latency.push((await stored) - p0)
    }
    const single: number[] = []
    for (let i = 0; i < 100; i++) {
      const l = { ...benchLine(baseSessions[0], per + i, 'error'), id: randomUUID() }
      const p0 = performance.now()
      await t.db.tx((tx) => copyRuntimeLogs(tx.client, [l]))
      single.push(performance.now() - p0)
    }
    rows.push(['error line: published → stored (urgent flush), 100 lines', `p50 ${ms(percentile(latency, 50))}`, `p99 ${ms(percentile(latency, 99))}`])
    rows.push(['baseline: one single-row COPY transaction', `p50 ${ms(percentile(single, 50))}`, `p99 ${ms(percentile(single, 99))}`])

    // 3. containers (skipped without Docker)
    rows.push(...(await containerStartBench({ db: t.db, bus, nc, S, sink })))

    // 1b. the aggregator alone: the same lines (other sessions) already waiting in the stream, as
    // after an outage or when producers run on other machines (last: it stops the aggregator above)
    {
      await agg.stop() // it would take the backlog too
      const backlog = await sameRowsElsewhere(t.db, lines)
      const durable = 'bench-backlog'
      // makes the durable consumer (what is published from now on waits for it), on a connection
      // of its own: closing it withdraws its pending pull, which would otherwise take the backlog
      const nc1 = await connect({ servers: NATS_URL.replace(/^nats:\/\//, '') })
      const first = new LogAggregator({ bus, subjects: S, sink: new PgLogSink(t.db), jetstream: { nc: nc1, durable } })
      await first.start()
      await first.stop()
      await nc1.close()
      const jsm = await ensureStreams(nc, S)
      const before = (await jsm.streams.info(streamNames(S).logs)).state.messages
      for (let i = 0; i < backlog.length; i += PER_MESSAGE) bus.publish(S.runtimeLog(backlog[i].sessionId), { lines: backlog.slice(i, i + PER_MESSAGE) })
      await bus.flush()
      const expected = before + Math.ceil(backlog.length / PER_MESSAGE)
      for (;;) {
        const m = (await jsm.streams.info(streamNames(S).logs)).state.messages
        if (m >= expected) break
        await new Promise((r) => setTimeout(r, 20))
      }
      const drainSink = new ObservedSink(new PgLogSink(t.db))
      const drained = drainSink.total(backlog.length)
      const drain = new LogAggregator({ bus, subjects: S, sink: drainSink, batchSize: BATCH, jetstream: { nc, durable, writers: WRITERS } })
      const cpu0 = processCpuSeconds(SERVERS)
      const self0 = process.cpuUsage()
      const d0 = performance.now()
      await drain.start()
      const tDrain = (await drained) - d0
      const cpu = cpuBetween(cpu0, processCpuSeconds(SERVERS), process.cpuUsage(self0))
      await drain.stop()
      const copy2 = baselineMs.get(WRITERS)!
      rows.splice(1, 0, [`ingest: a backlog of the same rows in JetStream → aggregator → COPY`, perSec(backlog.length, tDrain), `${ms(tDrain)}; ${drain.counters.batches} batches, ${drain.counters.duplicates} duplicates; ${((copy2 / tDrain) * 100).toFixed(0)} % of the ${WRITERS}-connection bare COPY; CPU: ${cpu}`])
    }

  } finally {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined)
    await deleteStreams(nc, S).catch(() => undefined)
    await bus.close().catch(() => undefined)
    await nc.close().catch(() => undefined)
    await t.drop()
  }
  const w0 = Math.max(...rows.map((r) => r[0].length))
  const w1 = Math.max(...rows.map((r) => r[1].length))
  for (const r of rows) console.log(`${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`)
  console.log(`\n(load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; ${os.cpus().length} CPUs, Node ${process.version})`)
}
