import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { connect } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deleteStreams, JetStreamWorkQueue } from '../bus/jetstream'
import { createSubjects } from '../bus/subjects'
import { RedisCache } from '../cache/redis-cache'
import { openDataServices, type BuildQueueItem } from './data-services'
import { projects } from './tables'
import { TcpProxy } from './testing/tcp-proxy'
import { createTestDatabase, waitFor, type TestDatabase } from './testing/test-database'

const REDIS_URL = process.env.SLATE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
const NATS_HOSTPORT = (process.env.SLATE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222').replace(/^nats:\/\//, '')

/** The whole data layer as the app opens it; one data folder (one embedded cluster) for the file. */
describe('data services', () => {
  let dataDir: string
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-data-services-'))
  })
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('solo: embedded database, memory cache, in-process bus, all healthy', async () => {
    const d = await openDataServices({ dataDir })
    try {
      expect(d.mode).toBe('embedded')
      const h = await d.health()
      expect([h.database.state, h.cache.state, h.bus.state]).toEqual(['ok', 'ok', 'ok'])
      expect(h.database.detail).toMatch(/embedded PostgreSQL on 127\.0\.0\.1:\d+/)
      expect(h.pendingSync).toBe(0)
      const p = await d.store.projects.create({ name: 'Solo', ownerId: 'me' })
      expect((await d.store.projects.get(p.id))!.name).toBe('Solo')
      expect((await d.status()).migrations.pending).toBe(0)
    } finally {
      await d.close()
    }
    // stopped cleanly: no lock file left behind
    expect(fs.existsSync(path.join(dataDir, 'db', 'pg', 'postmaster.pid'))).toBe(false)
  })

  describe('team: servers that are down at start come back on their own', () => {
    let team: TestDatabase
    let pgProxy: TcpProxy
    let natsProxy: TcpProxy
    const root = `t${randomUUID().slice(0, 8)}`
    const cachePrefix = `slate-test-${randomUUID()}:`

    beforeAll(async () => {
      team = await createTestDatabase('slate_test_team')
      pgProxy = new TcpProxy('127.0.0.1', 5432)
      natsProxy = new TcpProxy(NATS_HOSTPORT.split(':')[0], Number(NATS_HOSTPORT.split(':')[1] ?? 4222))
      await pgProxy.start()
      await natsProxy.start()
    })
    afterAll(async () => {
      await pgProxy?.close()
      await natsProxy?.close()
      await team?.drop()
      const redis = new RedisCache(REDIS_URL, cachePrefix)
      await redis.ready()
      await redis.clearPrefix()
      await redis.close()
      const nc = await connect({ servers: NATS_HOSTPORT })
      await deleteStreams(nc, createSubjects(root))
      await nc.close()
    })

    it('starts offline from the mirror, queues writes, then migrates, replays and switches to NATS', async () => {
      await pgProxy.cut()
      await natsProxy.cut()
      const u = new URL(team.url)
      u.port = String(pgProxy.port)
      const d = await openDataServices({
        dataDir,
        databaseUrl: u.toString(),
        redisUrl: REDIS_URL,
        natsUrl: `nats://127.0.0.1:${natsProxy.port}`,
        subjectRoot: root,
        cachePrefix,
      })
      try {
        expect(d.mode).toBe('team')
        const h = await d.health()
        expect(h.database.state).toBe('degraded')
        expect(h.bus.state).toBe('degraded')
        expect(h.cache.state).toBe('ok')
        // a write while the team server is down: local + outbox
        const p = await d.store.projects.create({ name: 'Written offline', ownerId: 'lead' })
        expect((await d.health()).pendingSync).toBe(1)
        expect(await projects.get(d.localDb, p.id)).not.toBeNull()
        // a farm worker started while NATS is down consumes the in-memory queue…
        expect(d.buildQueue.kind).toBe('in-process')
        const taken: string[] = []
        let onTaken: () => void = () => undefined
        const worker = await d.buildQueue.consume(
          async (item) => {
            taken.push(item.data.jobId)
            onTaken()
          },
          { targets: ['Android'] },
        )

        await pgProxy.restore()
        await natsProxy.restore()
        await waitFor(async () => {
          await d.store.sync()
          return d.store.syncState.online && d.store.syncState.pending === 0
        }, 'the store to come back online with an empty outbox')
        // the team database was migrated on reconnect and has the offline write
        expect((await projects.get(team.db, p.id))!.name).toBe('Written offline')
        await waitFor(async () => (await d.health()).bus.state === 'ok', 'the bus to switch to NATS', 20_000, 100)
        expect(d.bus.kind).toBe('nats')
        await waitFor(() => d.buildQueue.kind === 'jetstream', 'the build queue to move to JetStream')
        // …and moved to JetStream with it: a job another machine queues there reaches it
        const nc = await connect({ servers: NATS_HOSTPORT })
        try {
          const farm = await JetStreamWorkQueue.open<BuildQueueItem>(nc, createSubjects(root))
          const jobId = randomUUID()
          const got = new Promise<void>((resolve) => (onTaken = () => taken.includes(jobId) && resolve()))
          await farm.enqueue('Android', { jobId }, { id: jobId })
          await got
          expect(taken).toEqual([jobId])
        } finally {
          await worker.stop()
          await nc.close()
        }
        const after = await d.health()
        expect([after.database.state, after.cache.state, after.bus.state]).toEqual(['ok', 'ok', 'ok'])
        expect(after.pendingSync).toBe(0)
      } finally {
        await d.close()
      }
    })
  })
})
