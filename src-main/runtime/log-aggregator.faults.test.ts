import { afterEach, describe, expect, it } from 'vitest'
import { TestChild } from '../../test/runtime/child'
import { checkStored, openLogFixture, publishLines, storedCount, type LogFixture } from '../../test/runtime/log-fixture'
import { Database } from '../store/db'
import { TcpProxy } from '../store/testing/tcp-proxy'
import { waitFor } from '../store/testing/test-database'
import { LogAggregator } from './log-aggregator'
import { PgLogSink } from './log-sink'

/**
 * The team log path under faults: lines published on NATS, kept by the JetStream LOGS stream,
 * written by the aggregator's durable consumer. Whatever breaks — the database, the aggregator
 * itself — every line ends up stored exactly once, in order per session.
 */
describe('team log path under faults (real NATS JetStream and PostgreSQL)', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined)
  })

  async function fixture(sessions: number): Promise<LogFixture> {
    const f = await openLogFixture(sessions)
    cleanup.push(() => f.close())
    return f
  }

  it('(a) PostgreSQL cut while lines are published: all stored exactly once after it returns, in order per session', async () => {
    const f = await fixture(3)
    const pgUrl = new URL(f.t.url)
    const proxy = new TcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432))
    await proxy.start()
    cleanup.push(() => proxy.close())
    const proxied = new URL(f.t.url)
    proxied.host = `127.0.0.1:${proxy.port}`
    const db = new Database({ url: proxied.toString(), label: 'PostgreSQL behind a cuttable proxy', connectTimeoutMs: 1000 })
    cleanup.push(() => db.close())
    let failed!: () => void
    const firstFailure = new Promise<void>((r) => (failed = r))
    const agg = new LogAggregator({
      bus: f.bus,
      subjects: f.S,
      sink: new PgLogSink(db),
      batchSize: 400,
      intervalMs: 50,
      jetstream: { nc: f.nc, durable: 'agg', ackWaitMs: 3000 },
      onError: () => failed(),
    })
    await agg.start()
    cleanup.push(() => agg.stop())

    const N = 3000
    publishLines(f, 0, 1000, 25)
    await waitFor(async () => (await storedCount(f)) > 0, 'the first lines before the cut')
    await proxy.cut()
    // published while the database is unreachable: the stream keeps them, the aggregator retries
    publishLines(f, 1000, 1000, 25)
    await firstFailure
    publishLines(f, 2000, 1000, 25)
    await f.bus.flush()
    await proxy.restore()

    await waitFor(async () => (await storedCount(f)) >= 3 * N, 'every line after the database returned', 60_000, 100)
    await agg.stop()
    expect(await checkStored(f, N)).toEqual(f.sessions.map((sessionId) => ({ sessionId, rows: N, distinct: N, inOrder: true })))
    expect(agg.counters.failures).toBeGreaterThan(0)
    // (counters.written may be short of 3N: a COPY that committed as the cable was cut is retried and counted as duplicates)
  }, 120_000)

  function startChild(f: LogFixture, extra: Record<string, string> = {}): TestChild {
    const child = new TestChild('log-aggregator-child.ts', {
      SLATE_TEST_DB_URL: f.t.url,
      SLATE_TEST_SUBJECT_ROOT: f.S.root,
      SLATE_TEST_DURABLE: 'agg',
      SLATE_TEST_BATCH: '500',
      SLATE_TEST_ACK_WAIT_MS: '2000',
      ...extra,
    })
    cleanup.push(() => child.kill())
    return child
  }

  it('(c) the aggregator SIGKILLed mid-batch: its successor stores the rest, no line lost or doubled', async () => {
    const f = await fixture(2)
    // killed while its third COPY is on the way to the database (committed or not: unknowable)
    const first = startChild(f, { SLATE_TEST_CRASH_DURING: '3' })
    await first.event('ready')
    const N = 6000
    publishLines(f, 0, N, 20)
    await f.bus.flush()
    // it kills itself (its exit may come before its last output is read: wait on the exit)
    expect((await first.exited).signal).toBe('SIGKILL')
    const before = await storedCount(f)
    expect(before).toBeLessThan(2 * N)

    const second = startChild(f)
    await second.event('ready')
    await waitFor(async () => (await storedCount(f)) >= 2 * N, 'every line after the restart', 60_000, 100)
    const end = await second.stop()
    expect(end.code).toBe(0)
    expect(await checkStored(f, N)).toEqual(f.sessions.map((sessionId) => ({ sessionId, rows: N, distinct: N, inOrder: true })))
    const { counters } = (await second.event('stopped')) as unknown as { counters: LogAggregator['counters'] }
    expect(counters.written).toBe(2 * N - before)
  }, 120_000)

  it('(c) killed after a commit, before its ack: the redelivered lines are recognised and stored once', async () => {
    const f = await fixture(2)
    const first = startChild(f, { SLATE_TEST_CRASH_AFTER_COMMIT: '2' })
    await first.event('ready')
    const N = 4000
    publishLines(f, 0, N, 20)
    await f.bus.flush()
    const died = await first.exited
    expect(died.signal).toBe('SIGKILL')
    // batches it saw commit are stored; with two writers the batch after them may have committed
    // too (its COMMIT was on the wire when the process died), so what is stored is what counts
    const reported = first.events.filter((e) => e.event === 'batch-done').reduce((n, e) => n + Number(e.written), 0)
    const committed = await storedCount(f)
    expect(committed).toBeGreaterThanOrEqual(reported)
    expect(committed).toBeLessThan(2 * N)

    const second = startChild(f)
    await second.event('ready')
    await waitFor(async () => (await storedCount(f)) >= 2 * N, 'every line after the restart', 60_000, 100)
    await second.stop()
    expect(await checkStored(f, N)).toEqual(f.sessions.map((sessionId) => ({ sessionId, rows: N, distinct: N, inOrder: true })))
    const { counters } = (await second.event('stopped')) as unknown as { counters: LogAggregator['counters'] }
    // batch 2's messages came again: their lines were already there
    expect(counters.duplicates).toBeGreaterThan(0)
    expect(counters.written).toBe(2 * N - committed)
  }, 120_000)
})
