import { connect } from '@nats-io/transport-node'
import { NoRespondersError, RequestError, TimeoutError, type NatsConnection, type Subscription } from '@nats-io/nats-core'
import type { ServiceHealth } from '../../src-shared/types'
import {
  BusNoRespondersError,
  BusTimeoutError,
  checkSubject,
  decode,
  encode,
  type Bus,
  type BusHandler,
  type BusMessage,
  type BusSubscription,
  type RequestOptions,
  type SubscribeOptions,
} from './bus'

export interface NatsBusOptions {
  url: string
  name?: string
}

/**
 * The bus on a team's NATS server. The client reconnects for ever (losing NATS degrades the app,
 * it never ends it) and buffers publishes while disconnected; subscriptions are re-established by
 * the client on reconnect. Use NatsBus.connect(), which waits for the first connection only as
 * long as the caller is willing to (see startDataServices).
 */
export class NatsBus implements Bus {
  readonly kind = 'nats' as const
  private connected = true
  private lastError: string | undefined

  private constructor(
    readonly nc: NatsConnection,
    private readonly url: string,
  ) {
    void this.watchStatus()
  }

  static async connect(opts: NatsBusOptions): Promise<NatsBus> {
    const nc = await connect({
      servers: opts.url.replace(/^nats:\/\//, ''),
      name: opts.name ?? 'slate',
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      pingInterval: 10_000,
      timeout: 3000,
    })
    return new NatsBus(nc, opts.url)
  }

  private async watchStatus(): Promise<void> {
    for await (const s of this.nc.status()) {
      if (s.type === 'disconnect') this.connected = false
      if (s.type === 'reconnect') this.connected = true
      if (s.type === 'error') this.lastError = String((s as { error?: unknown }).error)
    }
  }

  get isConnected(): boolean {
    return this.connected && !this.nc.isClosed()
  }

  publish(subject: string, data?: unknown): void {
    checkSubject(subject, false)
    this.nc.publish(subject, encode(data))
  }

  subscribe<T = unknown>(subject: string, handler: BusHandler<T>, opts?: SubscribeOptions): BusSubscription {
    checkSubject(subject, true)
    const sub: Subscription = this.nc.subscribe(subject, {
      queue: opts?.queue,
      callback: (err, m) => {
        if (err) return
        let data: unknown
        try {
          data = decode(m.string())
        } catch {
          console.error(`slate bus: dropped a message on ${m.subject} that is not JSON`)
          return
        }
        const msg: BusMessage = {
          subject: m.subject,
          data,
          reply: m.reply || undefined,
          respond: (d?: unknown) => (m.reply ? m.respond(encode(d)) : false),
        }
        try {
          const r = (handler as BusHandler)(msg)
          if (r && typeof (r as Promise<void>).catch === 'function') (r as Promise<void>).catch((e) => console.error(`slate bus: handler for ${subject} failed:`, e))
        } catch (e) {
          console.error(`slate bus: handler for ${subject} failed:`, e)
        }
      },
    })
    return { subject, unsubscribe: () => sub.unsubscribe() }
  }

  async request<R = unknown>(subject: string, data?: unknown, opts?: RequestOptions): Promise<R> {
    checkSubject(subject, false)
    const timeoutMs = opts?.timeoutMs ?? 5000
    try {
      const m = await this.nc.request(subject, encode(data), { timeout: timeoutMs })
      return decode(m.string()) as R
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause
      if (err instanceof NoRespondersError || cause instanceof NoRespondersError || (err instanceof RequestError && err.isNoResponders())) {
        throw new BusNoRespondersError(subject)
      }
      if (err instanceof TimeoutError || cause instanceof TimeoutError) throw new BusTimeoutError(subject, timeoutMs)
      throw err
    }
  }

  flush(): Promise<void> {
    return this.nc.flush()
  }

  async health(): Promise<ServiceHealth> {
    const detail = `NATS ${this.url.replace(/\/\/[^@/]*@/, '//')}`
    if (this.nc.isClosed()) return { state: 'down', detail, error: 'connection closed' }
    if (!this.connected) return { state: 'down', detail, error: this.lastError ?? 'reconnecting' }
    try {
      const rtt = await Promise.race([this.nc.rtt(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('ping timed out')), 2000))])
      return { state: 'ok', detail, latencyMs: Math.round(rtt * 100) / 100 }
    } catch (err) {
      return { state: 'degraded', detail, error: err instanceof Error ? err.message : String(err) }
    }
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return
    await this.nc.drain().catch(() => this.nc.close())
  }
}
