import { describe, expect, it } from 'vitest'
import { CoreEvents } from '../core/events'
import { ClientSubscriptions, type Timers } from './subscriptions'
import { events } from '../../src-shared/contract'
import type { ConsoleAppended } from '../../src-shared/types-ui'

/** A clock the test moves by hand: timers fire only inside advance(), in time order. */
class ManualClock implements Timers {
  private t = 0
  private seq = 0
  private readonly timers = new Map<number, { at: number; fn: () => void }>()
  now = () => this.t
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq
    this.timers.set(id, { at: this.t + ms, fn })
    return id
  }
  clearTimeout = (h: unknown) => void this.timers.delete(h as number)
  advance(ms: number): void {
    const end = this.t + ms
    for (;;) {
      const next = [...this.timers].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0]
      if (!next) break
      this.timers.delete(next[0])
      this.t = next[1].at
      next[1].fn()
    }
    this.t = end
  }
  get pending(): number {
    return this.timers.size
  }
}

const appended = (sourceId: string, entries: number): ConsoleAppended => ({ sourceId, entries, lines: entries, live: true, problem: null })
const job = (id: string) => ({ id, status: 'succeeded' }) as never

function client(bus: CoreEvents, clock = new ManualClock()) {
  const got: { name: string; key: string; payload: unknown; at: number }[] = []
  const subs = new ClientSubscriptions(bus, (name, key, payload) => void got.push({ name, key, payload, at: clock.now() }), clock)
  return { got, subs, clock }
}

describe('event subscriptions', () => {
  it('a client subscribed to one event receives no others', () => {
    const bus = new CoreEvents()
    const a = client(bus)
    const b = client(bus)
    a.subs.subscribe('build.finished')
    b.subs.subscribe('project.changed')
    bus.emit('project.changed', null)
    bus.emit('build.finished', job('j1'))
    bus.emit('index.changed', { changed: ['Assets/a.png'], removed: [], totalAssets: 1, ms: 1 })
    expect(a.got.map((g) => g.name)).toEqual(['build.finished'])
    expect(a.got[0]).toMatchObject({ key: 'j1' })
    expect(b.got.map((g) => g.name)).toEqual(['project.changed'])
  })

  it('a subscription for one key gets only that key; unsubscribe stops delivery', () => {
    const bus = new CoreEvents()
    const c = client(bus)
    c.subs.subscribe('build.finished', 'j2')
    bus.emit('build.finished', job('j1'))
    bus.emit('build.finished', job('j2'))
    expect(c.got.map((g) => g.key)).toEqual(['j2'])
    c.subs.subscribe('build.finished', null)
    bus.emit('build.finished', job('j1'))
    expect(c.got.map((g) => g.key)).toEqual(['j2', 'j1'])
    c.subs.unsubscribe('build.finished', null)
    c.subs.unsubscribe('build.finished', 'j2')
    bus.emit('build.finished', job('j2'))
    expect(c.got).toHaveLength(2)
    expect(c.subs.list()).toEqual([])
  })

  it('refuses unknown events and bad keys', () => {
    const c = client(new CoreEvents())
    expect(() => c.subs.subscribe('fs.rmrf')).toThrow(/Unknown event/)
    expect(() => c.subs.subscribe('__proto__')).toThrow(/Unknown event/)
    expect(() => c.subs.subscribe('build.log', 42)).toThrow(/key/)
    expect(() => c.subs.subscribe('build.log', 'x'.repeat(201))).toThrow(/key/)
  })

  it('a coalesced event delivers the latest value per key at the declared rate, with a trailing flush', () => {
    const spec = events['console.appended'].delivery
    expect(spec.mode).toBe('latest')
    const perSecond = spec.mode === 'latest' ? spec.perSecond : 0
    const interval = 1000 / perSecond
    const bus = new CoreEvents()
    const c = client(bus)
    c.subs.subscribe('console.appended')
    // 2 s of a 100 Hz stream for source A, and one value for source B in the middle.
    for (let i = 1; i <= 200; i++) {
      bus.emit('console.appended', appended('A', i))
      if (i === 50) bus.emit('console.appended', appended('B', 1))
      c.clock.advance(10)
    }
    c.clock.advance(interval) // let the last interval end
    const deliveries = c.got.filter((g) => g.key === 'A')
    const a = deliveries.map((g) => (g.payload as ConsoleAppended).entries)
    const b = c.got.filter((g) => g.key === 'B')
    // First value at once, then one per interval: 2 s at 8/s is 16 intervals, plus the first.
    expect(a.length).toBe(1 + Math.ceil((200 * 10 - 10) / interval))
    expect(a[0]).toBe(1)
    expect(a.at(-1)).toBe(200) // the last value of the burst is never lost
    // Never two deliveries within one interval, and each is the newest value at its time
    // (value i was emitted at (i-1)·10 ms, before a timer due at the same instant).
    for (let i = 1; i < deliveries.length; i++) {
      expect(deliveries[i].at - deliveries[i - 1].at).toBeGreaterThanOrEqual(interval)
      expect(a[i]).toBe(Math.min(200, Math.ceil(deliveries[i].at / 10)))
    }
    expect(b).toHaveLength(1) // its own key, not coalesced away by A
    expect(c.clock.pending).toBe(0)
  })

  it('a burst in one instant reaches the client as its first and its last value', () => {
    const bus = new CoreEvents()
    const c = client(bus)
    c.subs.subscribe('console.appended', 'A')
    for (let i = 1; i <= 1000; i++) bus.emit('console.appended', appended('A', i))
    expect(c.got.map((g) => (g.payload as ConsoleAppended).entries)).toEqual([1])
    c.clock.advance(1000)
    expect(c.got.map((g) => (g.payload as ConsoleAppended).entries)).toEqual([1, 1000])
  })

  it('every-delivery events are not coalesced; dispose stops everything and clears timers', () => {
    const bus = new CoreEvents()
    const c = client(bus)
    c.subs.subscribe('build.log')
    c.subs.subscribe('console.appended')
    for (let i = 0; i < 50; i++) bus.emit('build.log', { jobId: 'j', lines: [String(i)] } as never)
    bus.emit('console.appended', appended('A', 1))
    bus.emit('console.appended', appended('A', 2))
    expect(c.got.filter((g) => g.name === 'build.log')).toHaveLength(50)
    expect(c.clock.pending).toBe(1)
    c.subs.dispose()
    expect(c.clock.pending).toBe(0)
    bus.emit('build.log', { jobId: 'j', lines: [] } as never)
    c.clock.advance(5000)
    expect(c.got).toHaveLength(51)
  })
})
