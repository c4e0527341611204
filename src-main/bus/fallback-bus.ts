import type { ServiceHealth } from '../../src-shared/types'
import type { Bus, BusHandler, BusSubscription, RequestOptions, SubscribeOptions } from './bus'
import { InProcessBus } from './in-process-bus'

interface TrackedSub {
  subject: string
  handler: BusHandler
  opts?: SubscribeOptions
  inner: BusSubscription
  closed: boolean
}

/**
 * The bus when NATS was configured but did not answer at start: work on an in-process bus at
 * once (the app must open), keep trying NATS in the background, and when it answers move every
 * subscription over and send everything through it from then on. Once NATS is connected its own
 * client handles later outages (reconnect, buffered publishes), so the switch happens once.
 */
export class FallbackBus implements Bus {
  private current: Bus = new InProcessBus()
  private readonly subs = new Set<TrackedSub>()
  private lastError: string
  private timer: NodeJS.Timeout | null = null
  private closed = false
  private attempt = 0
  private readonly switchListeners = new Set<(bus: Bus) => void>()

  constructor(
    private readonly connect: () => Promise<Bus>,
    private readonly label: string,
    firstError: string,
    private readonly retryMs = 1000,
  ) {
    this.lastError = firstError
    this.schedule()
  }

  get kind(): Bus['kind'] {
    return this.current.kind
  }

  /** true once NATS has taken over */
  get switched(): boolean {
    return this.current.kind === 'nats'
  }

  onSwitch(fn: (bus: Bus) => void): void {
    this.switchListeners.add(fn)
  }

  private schedule(): void {
    if (this.closed) return
    const delay = Math.min(this.retryMs * 2 ** Math.min(this.attempt++, 3), 10_000)
    this.timer = setTimeout(() => void this.tryConnect(), delay)
    this.timer.unref()
  }

  /** Try NATS now (also called by the retry timer). Resolves true when it has taken over. */
  async tryConnect(): Promise<boolean> {
    if (this.switched) return true
    if (this.closed) return false
    let next: Bus
    try {
      next = await this.connect()
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err)
      this.schedule()
      return false
    }
    if (this.closed || this.switched) {
      await next.close()
      return this.switched
    }
    if (this.timer) clearTimeout(this.timer)
    const old = this.current
    for (const s of this.subs) {
      const inner = next.subscribe(s.subject, s.handler, s.opts)
      s.inner.unsubscribe()
      s.inner = inner
    }
    this.current = next
    await old.close().catch(() => undefined)
    for (const fn of this.switchListeners) fn(next)
    return true
  }

  publish(subject: string, data?: unknown): void {
    this.current.publish(subject, data)
  }

  subscribe<T = unknown>(subject: string, handler: BusHandler<T>, opts?: SubscribeOptions): BusSubscription {
    const tracked: TrackedSub = { subject, handler: handler as BusHandler, opts, inner: this.current.subscribe(subject, handler, opts), closed: false }
    this.subs.add(tracked)
    return {
      subject,
      unsubscribe: () => {
        tracked.closed = true
        tracked.inner.unsubscribe()
        this.subs.delete(tracked)
      },
    }
  }

  request<R = unknown>(subject: string, data?: unknown, opts?: RequestOptions): Promise<R> {
    return this.current.request<R>(subject, data, opts)
  }

  flush(): Promise<void> {
    return this.current.flush()
  }

  async health(): Promise<ServiceHealth> {
    if (this.switched) return this.current.health()
    return { state: 'degraded', detail: `in-process bus while ${this.label} is unreachable (retrying)`, error: this.lastError }
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    await this.current.close()
  }
}
