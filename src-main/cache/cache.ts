import type { ServiceHealth } from '../../src-shared/types'

/**
 * A key/value cache with per-entry TTL: Redis in team mode, an in-memory LRU otherwise. Values are
 * JSON on both (the memory cache stores JSON text), so a value that would not survive Redis does
 * not work by accident in solo mode, and a caller cannot mutate a cached object in place.
 *
 * Keys are namespaced by the cache's prefix ("slate:" in the app, unique per test run).
 */
export interface Cache {
  readonly kind: 'memory' | 'redis'
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>
  del(...keys: string[]): Promise<void>
  /** seconds left, undefined when absent */
  ttl(key: string): Promise<number | undefined>
  health(): Promise<ServiceHealth>
  close(): Promise<void>
}

/** TTLs of the issue: what each kind of row may be served stale for, at most, if an event is missed. */
export const CACHE_TTL_SECONDS = {
  project: 3600,
  file: 1800,
  asset: 3600,
  runtimeSession: 300,
  buildJob: 300,
} as const

export type CachedKind = keyof typeof CACHE_TTL_SECONDS

export function cacheKey(kind: CachedKind, id: string): string {
  return `${kind}:${id}`
}

/**
 * Read-through: the cached value, else load it and cache it. A cache that fails (Redis down) is a
 * miss, never an error: the database answers and the app keeps working, slower.
 * Absent rows (null) are not cached, so a row created elsewhere is visible at once.
 */
export async function readThrough<T>(cache: Cache, key: string, ttlSeconds: number, load: () => Promise<T | null>): Promise<T | null> {
  try {
    const hit = await cache.get<T>(key)
    if (hit !== undefined) return hit
  } catch {
    // degraded cache: fall through to the loader
  }
  const value = await load()
  if (value !== null) await cache.set(key, value, ttlSeconds).catch(() => undefined)
  return value
}
