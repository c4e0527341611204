import { LRUCache } from 'lru-cache'
import type { ServiceHealth } from '../../src-shared/types'
import type { Cache } from './cache'

/** The cache when no Redis is configured: an LRU bounded by entries and by bytes of JSON. */
export class MemoryCache implements Cache {
  readonly kind = 'memory' as const
  private readonly lru: LRUCache<string, string>

  constructor(
    private readonly prefix = 'slate:',
    opts: { maxEntries?: number; maxBytes?: number } = {},
  ) {
    this.lru = new LRUCache<string, string>({
      max: opts.maxEntries ?? 50_000,
      maxSize: opts.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (v, k) => v.length + k.length,
      ttlAutopurge: false,
    })
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.lru.get(this.prefix + key)
    return text === undefined ? undefined : (JSON.parse(text) as T)
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    if (value === undefined) throw new Error('cannot cache undefined')
    this.lru.set(this.prefix + key, JSON.stringify(value), { ttl: ttlSeconds * 1000 })
  }

  async del(...keys: string[]): Promise<void> {
    for (const k of keys) this.lru.delete(this.prefix + k)
  }

  async ttl(key: string): Promise<number | undefined> {
    const k = this.prefix + key
    if (!this.lru.has(k)) return undefined
    return Math.floor(this.lru.getRemainingTTL(k) / 1000)
  }

  async health(): Promise<ServiceHealth> {
    return { state: 'ok', detail: `in-memory cache, ${this.lru.size} entries`, latencyMs: 0 }
  }

  async close(): Promise<void> {
    this.lru.clear()
  }
}
