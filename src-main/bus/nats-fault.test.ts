import { randomUUID } from 'node:crypto'
import { connect } from '@nats-io/transport-node'
import type { NatsConnection } from '@nats-io/nats-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TcpProxy } from '../store/testing/tcp-proxy'
import { waitFor } from '../store/testing/test-database'
import { deleteStreams, JetStreamWorkQueue } from './jetstream'
import { NatsBus } from './nats-bus'
import { createSubjects } from './subjects'

const NATS = new URL((process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222').replace(/^nats:/, 'http:'))

/**
 * NATS behind a TCP proxy that is cut in the middle of a stream of enqueues. The bus reconnects on
 * its own; an enqueue that failed is retried by its caller with the same id, and JetStream's
 * duplicate window (msgID = job id) makes the retry of one that did land a no-op: every job is in
 * the queue exactly once.
 */
describe('NATS through a cut connection', () => {
  const S = createSubjects(`t${randomUUID().slice(0, 8)}`)
  let proxy: TcpProxy
  let bus: NatsBus
  let direct: NatsConnection

  beforeAll(async () => {
    proxy = new TcpProxy(NATS.hostname, Number(NATS.port || 4222))
    await proxy.start()
    bus = await NatsBus.connect({ url: `nats://127.0.0.1:${proxy.port}`, name: 'slate-fault-test' })
    direct = await connect({ servers: `${NATS.hostname}:${NATS.port || 4222}` })
  })
  afterAll(async () => {
    await deleteStreams(direct, S).catch(() => undefined)
    await bus?.close().catch(() => undefined)
    await direct?.close()
    await proxy?.close()
  })

  it('every job enqueued across a cut is in the work queue exactly once; the bus recovers by itself', async () => {
    const queue = await JetStreamWorkQueue.open<{ jobId: string; n: number }>(bus.nc, S)
    const N = 120
    const ids = Array.from({ length: N }, () => randomUUID())
    let failures = 0
    let cut = false
    for (let i = 0; i < N; i++) {
      if (i === 40) {
        // cut while the previous publishes may still be unacknowledged
        void proxy.cut()
        cut = true
      }
      // the caller's retry loop: an enqueue that failed (or whose ack was lost) is sent again
      for (;;) {
        try {
          await queue.enqueue('Switch', { jobId: ids[i], n: i }, { id: ids[i], timeoutMs: 1000 })
          break
        } catch {
          failures++
          if (cut && failures >= 2) {
            await proxy.restore()
            cut = false
          }
          if (failures > 10_000) throw new Error('enqueue never recovered')
          await new Promise((r) => setTimeout(r, 20))
        }
      }
    }
    expect(failures).toBeGreaterThan(0)
    await waitFor(async () => (await bus.health()).state === 'ok', 'the bus to report healthy again')

    // a worker on a direct connection takes everything: each id once, nothing else
    const directQueue = await JetStreamWorkQueue.open<{ jobId: string; n: number }>(direct, S)
    expect(await directQueue.pending('Switch')).toBe(N)
    const taken: string[] = []
    const worker = await directQueue.consume(async (item) => void taken.push(item.data.jobId), { targets: ['Switch'] })
    await waitFor(() => taken.length >= N, 'all jobs to be taken')
    await worker.stop()
    expect(taken.length).toBe(N)
    expect(new Set(taken)).toEqual(new Set(ids))
  })

  it('publishes and request/reply work again after a cut without a new bus', async () => {
    const subject = S.container('start', randomUUID())
    const responder = direct.subscribe(subject, { callback: (_e, m) => void m.respond(JSON.stringify({ ok: true })) })
    await direct.flush()
    await proxy.cut()
    await proxy.restore()
    await waitFor(async () => {
      try {
        return (await bus.request<{ ok: boolean }>(subject, {}, { timeoutMs: 500 })).ok
      } catch {
        return false
      }
    }, 'request/reply after reconnect')
    responder.unsubscribe()
  })
})
