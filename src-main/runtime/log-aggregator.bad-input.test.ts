import { afterEach, describe, expect, it } from 'vitest'
import { InProcessBus } from '../bus/in-process-bus'
import { openLogFixture, storedCount, type LogFixture } from '../../test/runtime/log-fixture'
import { waitFor } from '../store/testing/test-database'
import { LogAggregator } from './log-aggregator'
import { PgLogSink } from './log-sink'

/**
 * The log subjects are open to any publisher on the bus. Lines the database cannot take as they
 * are must neither stop the aggregator (a batch that fails for its content is retried forever,
 * and everything after it waits) nor cost the good lines beside them.
 */
describe('the log aggregator and lines it cannot store as they are (real PostgreSQL and NATS)', () => {
  const cleanup: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined)
  })

  async function fixture(): Promise<LogFixture> {
    const f = await openLogFixture(1)
    cleanup.push(() => f.close())
    return f
  }

  /** one message of good lines with every kind of bad one among them */
  function hostileBatch(sessionId: string) {
    const good = (i: number) => ({ id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`, sessionId, level: 'info', message: `good ${i}`, timestamp: '2026-01-01T00:00:00.000001Z' })
    return {
      lines: [
        good(1),
        { ...good(2), level: 'fatal' }, // not a level of ours: read from the message
        { ...good(3), timestamp: 'yesterday' }, // not RFC 3339: stored at receipt
        { ...good(4), id: "x'); DROP TABLE slate_runtime_logs; --\t\n" }, // not a UUID: one is made
        { ...good(5), message: 'a NUL \0 inside' }, // text cannot hold NUL: removed
        { ...good(6), metadata: 'not an object' },
        { ...good(7), timestamp: '2026-02-31T00:00:00Z' }, // looks right, PostgreSQL refuses it: dropped alone
        { ...good(8), metadata: { note: 'jsonb refuses \0 in a string' } }, // PostgreSQL refuses it: dropped alone
        { ...good(9), sessionId: 'not-a-session' }, // nobody's line: dropped
        { message: 'no session at all' },
        null,
        'a string',
        good(10),
      ],
    }
  }

  async function expectStored(f: LogFixture, agg: LogAggregator) {
    const rows = (await f.t.db.query<{ message: string; level: string }>('SELECT message, level FROM slate_runtime_logs ORDER BY message')).rows
    expect(rows.map((r) => r.message)).toEqual(['a NUL  inside', 'good 1', 'good 10', 'good 2', 'good 3', 'good 4', 'good 6'])
    expect(rows.find((r) => r.message === 'good 2')?.level).toBe('info')
    expect(agg.counters.rejected).toBe(2)
  }

  it('JetStream: stores every line it can, drops the two PostgreSQL refuses, and goes on with later messages', async () => {
    const f = await fixture()
    const agg = new LogAggregator({ bus: f.bus, subjects: f.S, sink: new PgLogSink(f.t.db), batchSize: 100, intervalMs: 50, jetstream: { nc: f.nc, durable: 'bad-input', ackWaitMs: 3000 } })
    await agg.start()
    cleanup.push(() => agg.stop())
    f.bus.publish(f.S.runtimeLog(f.sessions[0]), hostileBatch(f.sessions[0]))
    f.bus.publish(f.S.runtimeLog(f.sessions[0]), 'not JSON lines at all')
    await f.bus.flush()
    await waitFor(async () => (await storedCount(f)) >= 7 && agg.pending === 0, 'the storable lines')
    await expectStored(f, agg)
    // later lines are not held up behind the bad ones
    f.bus.publish(f.S.runtimeLog(f.sessions[0]), { sessionId: f.sessions[0], level: 'error', message: 'after', timestamp: '2026-01-01T00:00:01Z' })
    await waitFor(async () => (await storedCount(f)) === 8, 'the line after them')
    expect(agg.counters.failures).toBe(0)
  })

  it('in-process (solo): the same', async () => {
    const f = await fixture()
    const bus = new InProcessBus()
    const agg = new LogAggregator({ bus, subjects: f.S, sink: new PgLogSink(f.t.db), batchSize: 100, intervalMs: 50 })
    await agg.start()
    cleanup.push(() => agg.stop())
    bus.publish(f.S.runtimeLog(f.sessions[0]), hostileBatch(f.sessions[0]))
    await bus.flush()
    await agg.flush()
    await expectStored(f, agg)
    bus.publish(f.S.runtimeLog(f.sessions[0]), { sessionId: f.sessions[0], level: 'info', message: 'after' })
    await bus.flush()
    await agg.flush()
    expect(await storedCount(f)).toBe(8)
    expect(agg.counters.failures).toBe(0)
  })
})
