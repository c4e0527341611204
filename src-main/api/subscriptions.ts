import { events, type EventName } from '../../src-shared/contract'
import { ApiError, eventKey, type AnyEventSpec } from '../../src-shared/contract-kit'

/** Time as the coalescer sees it; tests pass a manual clock so rates are asserted on counts, not on wall-clock time. */
export interface Timers {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

/** Where events come from: the core's emitter (only `onAny` is needed). */
export interface EventSource {
  onAny(listener: (name: EventName, payload: unknown, project: string | null) => void): () => void
}

/** Hands one event to the client, with the project it belongs to (see CoreEvents). */
export type Deliver = (name: EventName, key: string, payload: unknown, project: string | null) => void

interface Slot {
  lastSent: number
  pending: { payload: unknown; project: string | null } | null
  timer: unknown
}

const ALL_KEYS = '\u0000*'

/**
 * One client's event subscriptions, shared by both transports (the serve WebSocket and Electron
 * IPC): a client gets only the events it subscribed to (by name, optionally for one key), each
 * delivered as its contract entry declares. `latest` events are coalesced here, per client and per
 * key: the first value goes out at once, later ones at most `perSecond` times a second, always the
 * newest, and the last of a burst is flushed when its interval ends.
 */
export class ClientSubscriptions {
  private readonly subs = new Map<EventName, Set<string>>()
  private readonly slots = new Map<string, Slot>()
  private readonly unbind: () => void
  private disposed = false

  constructor(
    source: EventSource,
    private readonly deliver: Deliver,
    private readonly timers: Timers = realTimers,
  ) {
    this.unbind = source.onAny((name, payload, project) => this.onEvent(name, payload, project ?? null))
  }

  /** Subscribe to an event, for one key or (key null) for all. Unknown names are refused. */
  subscribe(name: unknown, key: unknown = null): void {
    const { event, k } = checkSubscription(name, key)
    let set = this.subs.get(event)
    if (!set) this.subs.set(event, (set = new Set()))
    if (set.size >= MAX_KEYS_PER_EVENT && !set.has(k)) throw new ApiError('busy', `Too many subscriptions to "${event}" on one connection (at most ${MAX_KEYS_PER_EVENT})`)
    set.add(k)
  }

  unsubscribe(name: unknown, key: unknown = null): void {
    const { event, k } = checkSubscription(name, key)
    const set = this.subs.get(event)
    if (!set) return
    set.delete(k)
    if (set.size === 0) this.subs.delete(event)
    // Drop coalescing slots nobody listens to any more (and their pending values).
    for (const [id, slot] of this.slots) {
      const [slotEvent, slotKey] = splitSlotId(id)
      if (slotEvent === event && !this.wants(event, slotKey)) {
        this.timers.clearTimeout(slot.timer)
        this.slots.delete(id)
      }
    }
  }

  /** What this client is subscribed to (for diagnostics and tests). */
  list(): { name: EventName; key: string | null }[] {
    return [...this.subs].flatMap(([name, keys]) => [...keys].map((k) => ({ name, key: k === ALL_KEYS ? null : k })))
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.unbind()
    for (const slot of this.slots.values()) this.timers.clearTimeout(slot.timer)
    this.slots.clear()
    this.subs.clear()
  }

  private wants(name: EventName, key: string): boolean {
    const set = this.subs.get(name)
    return !!set && (set.has(ALL_KEYS) || set.has(key))
  }

  private onEvent(name: EventName, payload: unknown, project: string | null): void {
    if (this.disposed || !this.subs.has(name)) return
    const spec = events[name] as AnyEventSpec | undefined
    if (!spec) return
    const key = eventKey(spec, payload)
    if (!this.wants(name, key)) return
    const delivery = spec.delivery
    if (delivery.mode === 'every') {
      this.deliver(name, key, payload, project)
      return
    }
    const interval = 1000 / delivery.perSecond
    const id = `${name}\u0000${key}`
    let slot = this.slots.get(id)
    if (!slot) this.slots.set(id, (slot = { lastSent: -Infinity, pending: null, timer: null }))
    const now = this.timers.now()
    if (slot.timer === null && now - slot.lastSent >= interval) {
      slot.lastSent = now
      this.deliver(name, key, payload, project)
      return
    }
    slot.pending = { payload, project }
    if (slot.timer === null) {
      const s = slot
      s.timer = this.timers.setTimeout(() => this.flush(id, s), Math.max(0, s.lastSent + interval - now))
    }
  }

  private flush(id: string, slot: Slot): void {
    slot.timer = null
    if (this.disposed || this.slots.get(id) !== slot || !slot.pending) return
    const { payload, project } = slot.pending
    slot.pending = null
    slot.lastSent = this.timers.now()
    const [name, key] = splitSlotId(id)
    this.deliver(name, key, payload, project)
  }
}

/** One connection may follow many jobs or sessions, but not an unbounded number. */
export const MAX_KEYS_PER_EVENT = 1000

function checkSubscription(name: unknown, key: unknown): { event: EventName; k: string } {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(events, name)) {
    throw new ApiError('invalid_argument', `Unknown event "${String(name).slice(0, 100)}"`)
  }
  if (key !== null && key !== undefined && (typeof key !== 'string' || key.length > 200)) {
    throw new ApiError('invalid_argument', 'An event key is a string of at most 200 characters, or null for every key')
  }
  return { event: name as EventName, k: typeof key === 'string' ? key : ALL_KEYS }
}

function splitSlotId(id: string): [EventName, string] {
  const i = id.indexOf('\u0000')
  return [id.slice(0, i) as EventName, id.slice(i + 1)]
}
