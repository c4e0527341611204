import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Bus } from '../bus/bus'
import { InProcessBus } from '../bus/in-process-bus'
import { NatsBus } from '../bus/nats-bus'
import { createSubjects, type EntityEvent } from '../bus/subjects'
import { cacheKey } from '../cache/cache'
import { startCacheInvalidation } from '../cache/invalidation'
import { MemoryCache } from '../cache/memory-cache'
import { DataStore } from './data-store'
import { migrate } from './migrations'
import { projects } from './tables'
import { createTestDatabase, waitFor, type TestDatabase } from './testing/test-database'

const NATS_URL = process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'

/**
 * Two SLATE instances on one team database, each with its own memory cache, talking over a bus:
 * one's write must invalidate the other's cache. Run over the in-process bus and over NATS.
 */
function twoClients(name: string, makeBus: () => Promise<Bus>, shareBus: boolean) {
  describe(`DataStore with two clients (${name})`, () => {
    let t: TestDatabase
    const buses: Bus[] = []
    const stops: (() => void)[] = []
    const S = createSubjects(`t${randomUUID().slice(0, 8)}`)
    let a: DataStore
    let b: DataStore
    let aCache: MemoryCache

    beforeAll(async () => {
      t = await createTestDatabase()
      await migrate(t.db)
      const busA = await makeBus()
      const busB = shareBus ? busA : await makeBus()
      buses.push(busA, ...(shareBus ? [] : [busB]))
      aCache = new MemoryCache(`a-${randomUUID()}:`)
      const bCache = new MemoryCache(`b-${randomUUID()}:`)
      stops.push(startCacheInvalidation(busA, S, aCache), startCacheInvalidation(busB, S, bCache))
      a = new DataStore({ primary: t.db, local: null, cache: aCache, bus: busA, subjects: S, clientId: 'A' })
      b = new DataStore({ primary: t.db, local: null, cache: bCache, bus: busB, subjects: S, clientId: 'B' })
      await Promise.all(buses.map((x) => x.flush()))
    })
    afterAll(async () => {
      stops.forEach((s) => s())
      for (const x of buses) await x.close()
      await t?.drop()
    })

    it("one client's write invalidates the other's cache", async () => {
      const p = await a.projects.create({ name: 'Shared', ownerId: 'o' })
      expect((await a.projects.get(p.id))!.name).toBe('Shared')
      expect(await aCache.get(cacheKey('project', p.id))).toBeDefined() // A now serves it from memory
      // B's event reaches A's invalidation handler: wait for A's cache entry to go
      await b.projects.update(p.id, { name: 'Renamed by B' })
      await waitFor(async () => (await aCache.get(cacheKey('project', p.id))) === undefined, "A's cache invalidation")
      expect((await a.projects.get(p.id))!.name).toBe('Renamed by B')
    })

    it('a project delete invalidates cached children; restore brings them back', async () => {
      const p = await a.projects.create({ name: 'Parent', ownerId: 'o' })
      const job = await a.buildJobs.create({ projectId: p.id, userId: 'u', buildType: 'development', targetPlatform: 'WebGL' })
      expect(await a.buildJobs.get(job.id)).not.toBeNull() // cached in A
      await b.projects.softDelete(p.id)
      await waitFor(async () => (await a.buildJobs.get(job.id)) === null, 'the cached job to disappear with its project')
      expect((await a.projects.list({ ownerId: 'o', name: 'Parent' })).total).toBe(0)
      await b.projects.restore(p.id)
      await waitFor(async () => (await a.buildJobs.get(job.id)) !== null, 'the job to come back with its project')
    })

    it('events are published after commit, never for a rolled-back write', async () => {
      const seen: EntityEvent[] = []
      const bus = buses[0]
      const sub = bus.subscribe<EntityEvent>(S.entityAll('project'), (m) => void seen.push(m.data))
      await bus.flush()
      const id = randomUUID()
      await expect(
        a.write('slate_projects', async (tx) => {
          const row = await projects.create(tx, { id, name: 'Never', ownerId: 'o' })
          // the event would be announced for this row, but the transaction fails after it
          await tx.query('SELECT 1/0')
          return { rows: [row], announce: [{ kind: 'project', row, change: 'created' }] }
        }),
      ).rejects.toThrow(/division by zero/)
      const ok = await a.projects.create({ name: 'Committed', ownerId: 'o' })
      await waitFor(() => seen.some((e) => e.id === ok.id), 'the committed event')
      expect(seen.some((e) => e.id === id)).toBe(false)
      expect(seen.find((e) => e.id === ok.id)).toMatchObject({ kind: 'project', change: 'created', origin: 'A' })
      sub.unsubscribe()
    })
  })
}

twoClients('in-process bus', async () => new InProcessBus(), true)
twoClients('NATS', () => NatsBus.connect({ url: NATS_URL, name: 'slate-datastore-test' }), false)

describe('read replica', () => {
  it('reads go to SLATE_DATABASE_REPLICA_URL, writes to the primary', async () => {
    const { TcpProxy } = await import('./testing/tcp-proxy')
    const { Database } = await import('./db')
    const t = await createTestDatabase()
    const replicaProxy = new TcpProxy('127.0.0.1', 5432)
    await replicaProxy.start()
    const replicaUrl = new URL(t.url)
    replicaUrl.port = String(replicaProxy.port)
    const db = new Database({ url: t.url, replicaUrl: replicaUrl.toString(), label: 'primary + replica' })
    try {
      await migrate(db)
      const store = new DataStore({ primary: db, local: null, cache: new MemoryCache(`r-${randomUUID()}:`), bus: new InProcessBus(), subjects: createSubjects('slate'), clientId: 'r' })
      const p = await store.projects.create({ name: 'Replicated', ownerId: 'o' })
      expect(replicaProxy.connections).toBe(0)
      expect((await store.projects.list({ ownerId: 'o' })).total).toBe(1)
      expect(replicaProxy.connections).toBe(1)
      expect((await store.projects.get(p.id))!.name).toBe('Replicated')
    } finally {
      await db.close()
      await replicaProxy.close()
      await t.drop()
    }
  })
})
