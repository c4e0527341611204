import { randomUUID } from 'node:crypto'
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/nats-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStreams, JetStreamWorkQueue } from './jetstream'
import { createSubjects } from './subjects'
import { SwitchingWorkQueue } from './switching-work-queue'
import { InProcessWorkQueue } from './work-queue'

const NATS_URL = (process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222').replace(/^nats:\/\//, '')

function deferred<T = void>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/**
 * NATS comes up after start: the build queue moves from memory to JetStream with the consumers
 * already running, the work waiting in memory and an item that failed in a worker's hands.
 */
describe('build queue switching from memory to JetStream', () => {
  const S = createSubjects(`t${randomUUID().slice(0, 8)}`)
  let ncHere: NatsConnection
  let ncOther: NatsConnection
  beforeAll(async () => {
    ncHere = await connect({ servers: NATS_URL })
    ncOther = await connect({ servers: NATS_URL })
  })
  afterAll(async () => {
    await deleteStreams(ncHere, S)
    await ncHere?.close()
    await ncOther?.close()
  })

  it('a running consumer moves over: it takes another machine’s jobs; nothing waiting in memory is lost', async () => {
    const memory = new InProcessWorkQueue<{ jobId: string }>()
    const q = new SwitchingWorkQueue(memory)
    const taken: { jobId: string; kind: string }[] = []
    const arrived = new Map<string, () => void>()
    const waitTaken = (jobId: string, times = 1) => {
      const d = deferred()
      const check = () => taken.filter((t) => t.jobId === jobId).length >= times && d.resolve()
      arrived.set(`${jobId}#${times}`, check)
      check()
      return d.promise
    }
    const gate = deferred()
    let failedOnce = false
    const consumer = await q.consume(
      async (item) => {
        taken.push({ jobId: item.data.jobId, kind: q.kind })
        for (const check of arrived.values()) check()
        if (item.data.jobId === 'in-hand') {
          await gate.promise
          // fails in the worker's hands during the move: it must be retried on JetStream, not dropped
          if (!failedOnce) {
            failedOnce = true
            throw new Error('editor crashed')
          }
        }
      },
      { targets: ['WebGL'], ackWaitMs: 30_000 },
    )

    await q.enqueue('WebGL', { jobId: 'before' }, { id: randomUUID() })
    await waitTaken('before')
    await q.enqueue('WebGL', { jobId: 'in-hand' }, { id: randomUUID() })
    await waitTaken('in-hand')
    await q.enqueue('WebGL', { jobId: 'waiting' }, { id: randomUUID() }) // the consumer is busy: it waits in memory
    expect(await memory.pending('WebGL')).toBe(1)

    const switched = q.switchTo(await JetStreamWorkQueue.open<{ jobId: string }>(ncHere, S))
    expect(q.kind).toBe('jetstream') // new work goes to JetStream from now on
    gate.resolve()
    await switched
    expect(await memory.pending('WebGL')).toBe(0)

    // another machine enqueues on JetStream: only a consumer that moved can take it
    const other = await JetStreamWorkQueue.open<{ jobId: string }>(ncOther, S)
    await other.enqueue('WebGL', { jobId: 'from another machine' }, { id: randomUUID() })
    await q.enqueue('WebGL', { jobId: 'after' }, { id: randomUUID() })
    await Promise.all([waitTaken('waiting'), waitTaken('in-hand', 2), waitTaken('from another machine'), waitTaken('after')])
    await consumer.stop()

    const count = (id: string) => taken.filter((t) => t.jobId === id).length
    expect([count('before'), count('in-hand'), count('waiting'), count('from another machine'), count('after')]).toEqual([1, 2, 1, 1, 1])
    // the memory queue's consumer stopped after the item in hand: everything later came from JetStream
    expect(taken.slice(0, 2).map((t) => [t.jobId, t.kind])).toEqual([['before', 'in-process'], ['in-hand', 'in-process']])
    expect(taken.slice(2).every((t) => t.kind === 'jetstream')).toBe(true)
    expect(await other.pending('WebGL')).toBe(0)
  })

  it('a consumer stopped during the switch stays stopped', async () => {
    const q = new SwitchingWorkQueue(new InProcessWorkQueue<{ jobId: string }>())
    const taken: string[] = []
    const consumer = await q.consume(async (item) => void taken.push(item.data.jobId), { targets: ['Switch'] })
    const switched = q.switchTo(await JetStreamWorkQueue.open<{ jobId: string }>(ncHere, S))
    await consumer.stop()
    await switched
    const other = await JetStreamWorkQueue.open<{ jobId: string }>(ncOther, S)
    await other.enqueue('Switch', { jobId: 'nobody takes this' }, { id: randomUUID() })
    expect(await other.pending('Switch')).toBe(1)
    expect(taken).toEqual([])
  })
})
