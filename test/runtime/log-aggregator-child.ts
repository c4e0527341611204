/**
 * The team log aggregator (JetStream durable consumer → PostgreSQL COPY) in a process of its own,
 * for the fault tests that SIGKILL it. Reports on stdout, one JSON line each:
 *   {"event":"ready"}                                   consumer bound, lines may be published
 *   {"event":"batch-start","n":3,"rows":500}             a batch goes to the database
 *   {"event":"batch-done","n":3,"written":…,"duplicates":…}
 *   {"event":"stopped","counters":{…}}                   after SIGTERM: flushed, acked, closing
 * SLATE_TEST_CRASH_AFTER_COMMIT=n kills the process itself right after batch n committed, before
 * its messages are acknowledged: the one moment a test cannot hit from outside.
 * SLATE_TEST_CRASH_DURING=n kills it while batch n's COPY is on its way (committed or not:
 * unknowable). From outside, the kill lands when the test hears of the batch, by which time a
 * fast aggregator may have stored every line.
 */
import { connect } from '@nats-io/transport-node'
import { NatsBus } from '../../src-main/bus/nats-bus'
import { createSubjects } from '../../src-main/bus/subjects'
import { LogAggregator } from '../../src-main/runtime/log-aggregator'
import { PgLogSink, type LogSink } from '../../src-main/runtime/log-sink'
import { Database } from '../../src-main/store/db'
import { report } from './child'

const env = (k: string, d?: string) => {
  const v = process.env[k] ?? d
  if (v === undefined) throw new Error(`${k} is not set`)
  return v
}

const natsUrl = env('SLATE_TEST_NATS_URL', 'nats://127.0.0.1:4222')
const S = createSubjects(env('SLATE_TEST_SUBJECT_ROOT'))
const db = new Database({ url: env('SLATE_TEST_DB_URL'), label: 'fault-test PostgreSQL' })
const crashAfter = Number(process.env.SLATE_TEST_CRASH_AFTER_COMMIT ?? 0)
const crashDuring = Number(process.env.SLATE_TEST_CRASH_DURING ?? 0)
const inner = new PgLogSink(db)
let n = 0
const sink: LogSink = {
  async write(rows) {
    const k = ++n
    report('batch-start', { n: k, rows: rows.length })
    const writing = inner.write(rows)
    // the COPY's first bytes go out on this tick; the kill comes on the next
    if (k === crashDuring) setImmediate(() => process.kill(process.pid, 'SIGKILL'))
    const r = await writing
    report('batch-done', { n: k, ...r })
    if (k === crashAfter) process.kill(process.pid, 'SIGKILL')
    return r
  },
}

const nc = await connect({ servers: natsUrl.replace(/^nats:\/\//, '') })
const bus = await NatsBus.connect({ url: natsUrl, name: 'slate-log-aggregator-test' })
const agg = new LogAggregator({
  bus,
  subjects: S,
  sink,
  batchSize: Number(env('SLATE_TEST_BATCH', '500')),
  intervalMs: 100,
  jetstream: { nc, durable: env('SLATE_TEST_DURABLE'), ackWaitMs: Number(env('SLATE_TEST_ACK_WAIT_MS', '3000')) },
  onError: (err) => report('write-failed', { error: String(err) }),
})
await agg.start()
report('ready')

process.on('SIGTERM', () => {
  void (async () => {
    await agg.stop()
    report('stopped', { counters: agg.counters })
    await bus.close()
    await nc.close()
    await db.close()
    process.exit(0)
  })()
})
