import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CACHE_TTL_SECONDS, cacheKey, readThrough, type Cache } from './cache'
import { MemoryCache } from './memory-cache'
import { RedisCache } from './redis-cache'
import { waitFor } from '../store/testing/test-database'

export const TEST_REDIS_URL = process.env.SLATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** One suite, two implementations: the memory LRU and Redis must behave the same. */
function cacheContract(name: string, make: (prefix: string) => Cache | Promise<Cache>, cleanup: (c: Cache) => Promise<void>) {
  describe(`cache contract: ${name}`, () => {
    let cache: Cache
    beforeAll(async () => {
      cache = await make(`slate-test-${randomUUID()}:`)
    })
    afterAll(async () => {
      await cleanup(cache)
      await cache.close()
    })

    it('stores JSON values and returns copies', async () => {
      const value = { id: 'p1', name: 'Ship', settings: { a: [1, 2] }, at: new Date(0) }
      await cache.set('k1', value, 60)
      const got = await cache.get<typeof value>('k1')
      expect(got).toEqual({ ...value, at: '1970-01-01T00:00:00.000Z' })
      got!.settings.a.push(3)
      expect((await cache.get<typeof value>('k1'))!.settings.a).toEqual([1, 2])
      expect(await cache.get('absent')).toBeUndefined()
    })

    it('keeps the TTL it was given', async () => {
      await cache.set(cacheKey('project', 'x'), 1, CACHE_TTL_SECONDS.project)
      const ttl = await cache.ttl(cacheKey('project', 'x'))
      expect(ttl).toBeGreaterThan(CACHE_TTL_SECONDS.project - 5)
      expect(ttl).toBeLessThanOrEqual(CACHE_TTL_SECONDS.project)
      expect(await cache.ttl('absent')).toBeUndefined()
    })

    it('expires entries', async () => {
      await cache.set('short', 'v', 1)
      await waitFor(async () => (await cache.get('short')) === undefined, 'expiry', 5000, 100)
    })

    it('deletes several keys at once', async () => {
      await cache.set('d1', 1, 60)
      await cache.set('d2', 2, 60)
      await cache.del('d1', 'd2', 'never-there')
      expect(await cache.get('d1')).toBeUndefined()
      expect(await cache.get('d2')).toBeUndefined()
    })

    it('read-through loads once, then serves from the cache; null is not cached', async () => {
      let loads = 0
      const load = async () => (loads++, { n: 1 })
      expect(await readThrough(cache, 'rt', 60, load)).toEqual({ n: 1 })
      expect(await readThrough(cache, 'rt', 60, load)).toEqual({ n: 1 })
      expect(loads).toBe(1)
      let nullLoads = 0
      await readThrough(cache, 'rt-null', 60, async () => (nullLoads++, null))
      await readThrough(cache, 'rt-null', 60, async () => (nullLoads++, null))
      expect(nullLoads).toBe(2)
    })

    it('reports healthy', async () => {
      expect((await cache.health()).state).toBe('ok')
    })
  })
}

cacheContract('memory', (p) => new MemoryCache(p), async () => undefined)
cacheContract('Redis', async (p) => {
  const c = new RedisCache(TEST_REDIS_URL, p)
  if (!(await c.ready(5000))) throw new Error(`Redis at ${TEST_REDIS_URL} is not reachable`)
  return c
}, async (c) => void (await (c as RedisCache).clearPrefix()))

describe('Redis cache when Redis is unreachable', () => {
  it('read-through falls back to the loader instead of failing', async () => {
    const dead = new RedisCache('redis://127.0.0.1:1', `slate-test-${randomUUID()}:`)
    try {
      expect(await readThrough(dead, 'k', 60, async () => ({ from: 'db' }))).toEqual({ from: 'db' })
      expect((await dead.health()).state).toBe('down')
    } finally {
      await dead.close()
    }
  })
})

describe('Redis lost mid-run', () => {
  it('reads degrade to the loader while it is gone and use the cache again once it is back', async () => {
    const { TcpProxy } = await import('../store/testing/tcp-proxy')
    const target = new URL(TEST_REDIS_URL)
    const proxy = new TcpProxy(target.hostname, Number(target.port || 6379))
    await proxy.start()
    const cache = new RedisCache(`redis://127.0.0.1:${proxy.port}`, `slate-test-${randomUUID()}:`)
    try {
      expect(await cache.ready(5000)).toBe(true)
      let loads = 0
      const load = async () => (loads++, { v: loads })
      await readThrough(cache, 'k', 60, load)
      await readThrough(cache, 'k', 60, load)
      expect(loads).toBe(1)
      await proxy.cut()
      await readThrough(cache, 'k', 60, load) // a miss, not an error
      expect(loads).toBe(2)
      expect((await cache.health()).state).toBe('down')
      await proxy.restore()
      await waitFor(async () => (await cache.health()).state === 'ok', 'Redis to reconnect')
      expect(await readThrough(cache, 'k', 60, load)).toEqual({ v: 1 }) // the entry cached before the cut
      expect(loads).toBe(2)
    } finally {
      await cache.clearPrefix().catch(() => undefined)
      await cache.close()
      await proxy.close()
    }
  })
})
