import { randomUUID } from 'node:crypto'
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/nats-core'
import { afterAll, describe, expect, it } from 'vitest'
import { deleteStreams, ensureStreams, JetStreamWorkQueue, replayBuildLog } from './jetstream'
import { createSubjects } from './subjects'
import { InProcessWorkQueue, type WorkQueue } from './work-queue'

const NATS_URL = (process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222').replace(/^nats:\/\//, '')

function deferred<T = void>() {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

function workQueueContract(name: string, make: () => Promise<WorkQueue<{ jobId: string }>>) {
  describe(`work queue contract: ${name}`, () => {
    it('each job goes to exactly one worker of its target; duplicates by id are dropped', async () => {
      const q = await make()
      const ids = Array.from({ length: 12 }, () => randomUUID())
      for (const id of ids) await q.enqueue('WebGL', { jobId: id }, { id })
      await q.enqueue('WebGL', { jobId: ids[0] }, { id: ids[0] }) // same id again
      await q.enqueue('Android', { jobId: 'android-job' }, { id: randomUUID() })
      const taken: string[] = []
      const allDone = deferred()
      const handler = async (item: { data: { jobId: string } }) => {
        taken.push(item.data.jobId)
        if (taken.length === ids.length) allDone.resolve()
      }
      const w1 = await q.consume(handler, { targets: ['WebGL'] })
      const w2 = await q.consume(handler, { targets: ['WebGL'] })
      await allDone.promise
      await Promise.all([w1.stop(), w2.stop()])
      expect([...taken].sort()).toEqual([...ids].sort())
      expect(await q.pending('Android')).toBe(1)
    })

    it('a failing job is redelivered, then given up after maxDeliveries', async () => {
      const q = await make()
      const id = randomUUID()
      await q.enqueue('iOS', { jobId: id }, { id })
      const counts: number[] = []
      const gaveUp = deferred<number>()
      const w = await q.consume(
        async (item) => {
          counts.push(item.deliveryCount)
          throw new Error('no Xcode here')
        },
        { targets: ['iOS'], maxDeliveries: 3, onGiveUp: (item) => gaveUp.resolve(item.deliveryCount) },
      )
      expect(await gaveUp.promise).toBe(3)
      await w.stop()
      expect(counts).toEqual([1, 2, 3])
    })
  })
}

const root = `t${randomUUID().slice(0, 8)}`
const S = createSubjects(root)
let nc: NatsConnection | undefined

workQueueContract('in-process', async () => new InProcessWorkQueue())
workQueueContract('JetStream', async () => {
  nc ??= await connect({ servers: NATS_URL })
  // a fresh stream per test so counts do not leak between them
  await deleteStreams(nc, S)
  return JetStreamWorkQueue.open(nc, S)
})

describe('JetStream log stream', () => {
  it('keeps a build log so it can be replayed from the start', async () => {
    nc ??= await connect({ servers: NATS_URL })
    await ensureStreams(nc, S)
    const jobId = randomUUID()
    const { jetstream } = await import('@nats-io/jetstream')
    const js = jetstream(nc)
    for (let i = 0; i < 5; i++) await js.publish(S.buildLog(jobId), JSON.stringify({ i }))
    await js.publish(S.buildLog(randomUUID()), JSON.stringify({ other: true }))
    expect(await replayBuildLog(nc, S, jobId)).toEqual([0, 1, 2, 3, 4].map((i) => ({ i })))
  })
})

afterAll(async () => {
  if (nc) {
    await deleteStreams(nc, S)
    await nc.close()
  }
})
