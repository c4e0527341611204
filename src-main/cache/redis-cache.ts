import { Redis } from 'ioredis'
import type { ServiceHealth } from '../../src-shared/types'
import type { Cache } from './cache'

/**
 * The cache on a team's Redis. Commands fail fast while Redis is unreachable (no offline queue,
 * short command timeout) so that readThrough can fall back to the database instead of waiting;
 * ioredis keeps reconnecting in the background and the cache is used again once it is back.
 */
export class RedisCache implements Cache {
  readonly kind = 'redis' as const
  readonly client: Redis
  private lastError: string | undefined

  constructor(
    private readonly url: string,
    private readonly prefix = 'slate:',
  ) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1000,
      connectTimeout: 2000,
      lazyConnect: false,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    })
    // without a listener an unreachable Redis would be an unhandled 'error' event
    this.client.on('error', (err: Error) => {
      this.lastError = err.message
    })
  }

  /**
   * Wait until connected, at most timeoutMs. Resolves false when Redis is not reachable in time:
   * the cache then works degraded (every read a miss) until ioredis reconnects on its own.
   */
  ready(timeoutMs = 2000): Promise<boolean> {
    if (this.client.status === 'ready') return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer)
        this.client.off('ready', onReady)
        resolve(ok)
      }
      const onReady = () => done(true)
      const timer = setTimeout(() => done(false), timeoutMs)
      this.client.on('ready', onReady)
    })
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.client.get(this.prefix + key)
    return text === null ? undefined : (JSON.parse(text) as T)
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (value === undefined) throw new Error('cannot cache undefined')
    await this.client.set(this.prefix + key, JSON.stringify(value), 'EX', ttlSeconds)
  }

  async del(...keys: string[]): Promise<void> {
    if (keys.length) await this.client.del(...keys.map((k) => this.prefix + k))
  }

  async ttl(key: string): Promise<number | undefined> {
    const t = await this.client.ttl(this.prefix + key)
    return t < 0 ? undefined : t
  }

  /** Delete every key under this cache's prefix (tests clean up with it). SCAN, never KEYS. */
  async clearPrefix(): Promise<number> {
    let cursor = '0'
    let n = 0
    do {
      const [next, keys] = await this.client.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500)
      cursor = next
      if (keys.length) n += await this.client.del(...keys)
    } while (cursor !== '0')
    return n
  }

  async health(): Promise<ServiceHealth> {
    const detail = `Redis ${this.url.replace(/\/\/[^@/]*@/, '//')}`
    const t0 = performance.now()
    try {
      await this.client.ping()
      return { state: 'ok', detail, latencyMs: Math.round((performance.now() - t0) * 100) / 100 }
    } catch (err) {
      return { state: 'down', detail, error: this.lastError ?? (err instanceof Error ? err.message : String(err)) }
    }
  }

  async close(): Promise<void> {
    this.client.disconnect()
  }
}
