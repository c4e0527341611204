/**
 * The client side of event subscriptions, shared by the preload (IPC) and the WebSocket client:
 * listeners per (event, key), where a null key means "every key". The transport is told to
 * subscribe when the first listener of a pair arrives and to unsubscribe when the last one
 * leaves, so the core sends a client only what someone in it listens to.
 */
import type { EventName, PayloadOf } from './contract'
import { payloadFromCore } from './from-core'

/** `project`: the root of the project the event belongs to, null for none (src-main/core/events.ts). */
type EventListener = (payload: unknown, project: string | null) => void

export interface SubscriptionHooks {
  subscribe(name: string, key: string | null): void
  unsubscribe(name: string, key: string | null): void
}

const ALL = '\u0000*'

export class EventListeners {
  private readonly table = new Map<string, Map<string, Set<EventListener>>>()

  constructor(private readonly hooks: SubscriptionHooks) {}

  /** Listen to one event of the contract (one key, or every key when null); the listener gets that event's payload type. */
  add<E extends EventName>(name: E, key: string | null, listener: (payload: PayloadOf<E>, project: string | null) => void): () => void {
    const k = key ?? ALL
    let byKey = this.table.get(name)
    if (!byKey) this.table.set(name, (byKey = new Map()))
    let set = byKey.get(k)
    if (!set) {
      byKey.set(k, (set = new Set()))
      this.hooks.subscribe(name, key)
    }
    // Each add gets its own removal, even if the same function is added twice.
    const entry: EventListener = (p, project) => listener(payloadFromCore(name, p), project)
    set.add(entry)
    let removed = false
    return () => {
      if (removed) return
      removed = true
      set.delete(entry)
      if (set.size === 0 && byKey.get(k) === set) {
        byKey.delete(k)
        if (byKey.size === 0) this.table.delete(name)
        this.hooks.unsubscribe(name, key)
      }
    }
  }

  /** An event as the core sent it: to the listeners of every key and to those of its own key. */
  emit(name: string, key: string, payload: unknown, project: string | null = null): void {
    const byKey = this.table.get(name)
    if (!byKey) return
    const targets = [...(byKey.get(ALL) ?? []), ...(key !== ALL ? (byKey.get(key) ?? []) : [])]
    for (const l of targets) {
      try {
        l(payload, project)
      } catch (err) {
        console.error(`slate: a listener of ${name} failed:`, err)
      }
    }
  }

  /** Every (event, key) someone listens to: re-sent after a reconnect. */
  active(): { name: string; key: string | null }[] {
    return [...this.table].flatMap(([name, byKey]) => [...byKey.keys()].map((k) => ({ name, key: k === ALL ? null : k })))
  }
}
