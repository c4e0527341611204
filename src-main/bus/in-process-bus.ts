import { randomUUID } from 'node:crypto'
import type { ServiceHealth } from '../../src-shared/types'
import {
  BusNoRespondersError,
  BusTimeoutError,
  checkSubject,
  decode,
  encode,
  subjectMatches,
  type Bus,
  type BusHandler,
  type BusMessage,
  type BusSubscription,
  type RequestOptions,
  type SubscribeOptions,
} from './bus'

interface Sub {
  id: number
  subject: string
  queue?: string
  handler: BusHandler
  closed: boolean
}

/**
 * The bus when no NATS server is configured: the same subject semantics in one process.
 * Delivery is asynchronous (a macrotask per publish, in publish order) as it is with NATS, so
 * code that works here does not depend on handlers running inside publish().
 */
export class InProcessBus implements Bus {
  readonly kind = 'in-process' as const
  private subs: Sub[] = []
  private nextId = 1
  private pending = 0
  private idleWaiters: (() => void)[] = []
  private closed = false

  publish(subject: string, data?: unknown): void {
    checkSubject(subject, false)
    this.deliver(subject, encode(data), undefined)
  }

  private matching(subject: string): Sub[] {
    const matched = this.subs.filter((s) => !s.closed && subjectMatches(s.subject, subject))
    const plain = matched.filter((s) => !s.queue)
    // NATS picks one member per queue group name, across all subscriptions that match
    const groups = new Map<string, Sub[]>()
    for (const s of matched) if (s.queue) groups.set(s.queue, [...(groups.get(s.queue) ?? []), s])
    for (const members of groups.values()) plain.push(members[Math.floor(Math.random() * members.length)])
    return plain
  }

  /** Returns how many subscriptions the message went to. */
  private deliver(subject: string, payload: string, reply: string | undefined): number {
    if (this.closed) throw new Error('bus is closed')
    const targets = this.matching(subject)
    if (targets.length === 0) return 0
    this.pending++
    setImmediate(() => {
      try {
        for (const sub of targets) {
          if (sub.closed) continue
          const msg: BusMessage = {
            subject,
            data: decode(payload),
            reply,
            respond: (data?: unknown) => {
              if (!reply) return false
              if (!this.closed) this.deliver(reply, encode(data), undefined)
              return true
            },
          }
          try {
            const r = sub.handler(msg)
            if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((err) => console.error(`slate bus: handler for ${sub.subject} failed:`, err))
          } catch (err) {
            console.error(`slate bus: handler for ${sub.subject} failed:`, err)
          }
        }
      } finally {
        this.pending--
        if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w()
      }
    })
    return targets.length
  }

  subscribe<T = unknown>(subject: string, handler: BusHandler<T>, opts?: SubscribeOptions): BusSubscription {
    checkSubject(subject, true)
    const sub: Sub = { id: this.nextId++, subject, queue: opts?.queue, handler: handler as BusHandler, closed: false }
    this.subs.push(sub)
    return {
      subject,
      unsubscribe: () => {
        sub.closed = true
        this.subs = this.subs.filter((s) => s !== sub)
      },
    }
  }

  request<R = unknown>(subject: string, data?: unknown, opts?: RequestOptions): Promise<R> {
    checkSubject(subject, false)
    const timeoutMs = opts?.timeoutMs ?? 5000
    const inbox = `_INBOX.${randomUUID().replace(/-/g, '')}`
    return new Promise<R>((resolve, reject) => {
      const sub = this.subscribe(inbox, (msg) => {
        clearTimeout(timer)
        sub.unsubscribe()
        resolve(msg.data as R)
      })
      const timer = setTimeout(() => {
        sub.unsubscribe()
        reject(new BusTimeoutError(subject, timeoutMs))
      }, timeoutMs)
      if (this.deliver(subject, encode(data), inbox) === 0) {
        clearTimeout(timer)
        sub.unsubscribe()
        // like NATS, the no-responders answer arrives asynchronously
        setImmediate(() => reject(new BusNoRespondersError(subject)))
      }
    })
  }

  flush(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  async health(): Promise<ServiceHealth> {
    return this.closed
      ? { state: 'down', detail: 'in-process bus (closed)' }
      : { state: 'ok', detail: `in-process bus, ${this.subs.length} subscriptions`, latencyMs: 0 }
  }

  async close(): Promise<void> {
    await this.flush()
    this.closed = true
    for (const s of this.subs) s.closed = true
    this.subs = []
  }
}
