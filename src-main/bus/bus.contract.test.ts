import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BusNoRespondersError, BusSubjectError, BusTimeoutError, subjectMatches, type Bus, type BusMessage } from './bus'
import { InProcessBus } from './in-process-bus'
import { NatsBus } from './nats-bus'
import { createSubjects } from './subjects'

export const TEST_NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

/** Collects messages and resolves when `n` have arrived: tests wait for events, never sleep. */
function collector<T = unknown>() {
  const got: BusMessage<T>[] = []
  const waiters: { n: number; resolve: () => void }[] = []
  return {
    got,
    handler: (m: BusMessage<T>) => {
      got.push(m)
      for (const w of waiters.filter((w) => got.length >= w.n)) w.resolve()
    },
    until: (n: number) => (got.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve }))),
  }
}

/**
 * One suite, two implementations: a behaviour difference between the in-process bus and NATS is
 * a failing test. Each run uses its own subject root, so it can share the NATS server.
 */
function busContract(name: string, make: () => Promise<Bus>) {
  describe(`bus contract: ${name}`, () => {
    let bus: Bus
    const root = `t${randomUUID().slice(0, 8)}`
    const S = createSubjects(root)
    beforeAll(async () => {
      bus = await make()
    })
    afterAll(async () => {
      await bus?.close()
    })

    it('delivers JSON payloads to exact, * and > subscribers, in publish order', async () => {
      const id = randomUUID()
      const exact = collector()
      const star = collector()
      const tail = collector()
      const subs = [
        bus.subscribe(S.buildProgress(id), exact.handler),
        bus.subscribe(S.buildProgressAll(), star.handler),
        bus.subscribe(`${root}.build.>`, tail.handler),
      ]
      await bus.flush()
      for (let i = 0; i < 20; i++) bus.publish(S.buildProgress(id), { jobId: id, progress: i, at: new Date(0) })
      bus.publish(S.buildLog(id), { line: 'x' })
      await Promise.all([exact.until(20), star.until(20), tail.until(21)])
      expect(exact.got.map((m) => (m.data as { progress: number }).progress)).toEqual([...Array(20).keys()])
      // JSON on both sides: a Date arrives as its ISO string
      expect((exact.got[0].data as { at: unknown }).at).toBe('1970-01-01T00:00:00.000Z')
      expect(exact.got[0].subject).toBe(S.buildProgress(id))
      expect(star.got.length).toBe(20)
      expect(tail.got.at(-1)?.subject).toBe(S.buildLog(id))
      subs.forEach((s) => s.unsubscribe())
    })

    it('* matches exactly one token and > one or more', () => {
      expect(subjectMatches('a.*.c', 'a.b.c')).toBe(true)
      expect(subjectMatches('a.*.c', 'a.b.x.c')).toBe(false)
      expect(subjectMatches('a.>', 'a')).toBe(false)
      expect(subjectMatches('a.>', 'a.b.c')).toBe(true)
    })

    it('a queue group gets each message once; plain subscribers get every message', async () => {
      const subject = S.buildQueue('WebGL')
      const a = collector()
      const b = collector()
      const all = collector()
      const subs = [
        bus.subscribe(subject, a.handler, { queue: 'workers' }),
        bus.subscribe(subject, b.handler, { queue: 'workers' }),
        bus.subscribe(subject, all.handler),
      ]
      await bus.flush()
      for (let i = 0; i < 40; i++) bus.publish(subject, i)
      await all.until(40)
      await new Promise<void>((resolve) => {
        const check = () => (a.got.length + b.got.length >= 40 ? resolve() : setImmediate(check))
        check()
      })
      const seen = [...a.got, ...b.got].map((m) => m.data as number).sort((x, y) => x - y)
      expect(seen).toEqual([...Array(40).keys()])
      subs.forEach((s) => s.unsubscribe())
    })

    it('request/reply returns the answer', async () => {
      const subject = S.container('start', randomUUID())
      const sub = bus.subscribe<{ n: number }>(subject, (m) => void m.respond({ doubled: m.data.n * 2 }))
      await bus.flush()
      await expect(bus.request(subject, { n: 21 }, { timeoutMs: 5000 })).resolves.toEqual({ doubled: 42 })
      sub.unsubscribe()
    })

    it('a request nobody listens to fails with no-responders, not a timeout', async () => {
      await expect(bus.request(S.container('stop', randomUUID()), {}, { timeoutMs: 5000 })).rejects.toBeInstanceOf(BusNoRespondersError)
    })

    it('a request nobody answers times out', async () => {
      const subject = S.container('exited', randomUUID())
      const sub = bus.subscribe(subject, () => undefined)
      await bus.flush()
      await expect(bus.request(subject, {}, { timeoutMs: 150 })).rejects.toBeInstanceOf(BusTimeoutError)
      sub.unsubscribe()
    })

    it('unsubscribed handlers receive nothing more', async () => {
      const subject = S.project(randomUUID(), 'updated')
      const gone = collector()
      const stays = collector()
      const s1 = bus.subscribe(subject, gone.handler)
      bus.subscribe(subject, stays.handler)
      await bus.flush()
      bus.publish(subject, 1)
      await Promise.all([gone.until(1), stays.until(1)])
      s1.unsubscribe()
      await bus.flush()
      bus.publish(subject, 2)
      await stays.until(2)
      expect(gone.got.length).toBe(1)
    })

    it('refuses malformed subjects and wildcards in publish', () => {
      expect(() => bus.publish(`${root}.a.*`, 1)).toThrow(BusSubjectError)
      expect(() => bus.publish(`${root}..a`, 1)).toThrow(BusSubjectError)
      expect(() => bus.subscribe(`${root}.>.a`, () => undefined)).toThrow(BusSubjectError)
      expect(() => S.project('a.b', 'updated')).toThrow(/cannot be a subject token/)
      expect(() => S.buildLog('>')).toThrow(/cannot be a subject token/)
    })

    it('a throwing handler does not stop delivery to others', async () => {
      const subject = S.asset(randomUUID(), 'created')
      const ok = collector()
      const errSpy = console.error
      console.error = () => undefined
      try {
        bus.subscribe(subject, () => {
          throw new Error('boom')
        })
        bus.subscribe(subject, ok.handler)
        await bus.flush()
        bus.publish(subject, 'x')
        bus.publish(subject, 'y')
        await ok.until(2)
      } finally {
        console.error = errSpy
      }
    })
  })
}

busContract('in-process', async () => new InProcessBus())
busContract('NATS', () => NatsBus.connect({ url: TEST_NATS_URL, name: 'slate-bus-contract-test' }))
