import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InProcessBus } from '../bus/in-process-bus'
import { createSubjects } from '../bus/subjects'
import { MemoryCache } from '../cache/memory-cache'
import { DataStore } from './data-store'
import { Database } from './db'
import { migrate } from './migrations'
import { buildJobs, projects } from './tables'
import { TcpProxy } from './testing/tcp-proxy'
import { createTestDatabase, waitFor, type TestDatabase } from './testing/test-database'
import { pendingCount, pullMirror } from './sync'

/**
 * Offline first against the real server: SLATE talks to the team PostgreSQL through a TCP proxy
 * that the test cuts in the middle of a stream of writes. Everything written while cut lands in the
 * local database and its outbox, and is replayed when the proxy is back: every write arrives, once.
 * (The local database here is a second database on the same server: the embedded server itself is
 * covered by embedded-postgres.test.ts and data-services.test.ts.)
 */
describe('offline first: writes survive a cut connection', () => {
  let remote: TestDatabase
  let local: TestDatabase
  let proxy: TcpProxy
  let viaProxy: Database
  let store: DataStore

  beforeAll(async () => {
    remote = await createTestDatabase('slate_test_remote')
    local = await createTestDatabase('slate_test_local')
    await migrate(remote.db)
    await migrate(local.db)
    proxy = new TcpProxy('127.0.0.1', 5432)
    await proxy.start()
    const u = new URL(remote.url)
    u.port = String(proxy.port)
    viaProxy = new Database({ url: u.toString(), label: 'team PostgreSQL via proxy', connectTimeoutMs: 1000 })
    store = new DataStore({
      primary: viaProxy,
      local: local.db,
      cache: new MemoryCache(`t-${randomUUID()}:`),
      bus: new InProcessBus(),
      subjects: createSubjects(`t${randomUUID().slice(0, 8)}`),
      clientId: 'laptop',
    })
  })
  afterAll(async () => {
    await store?.close()
    await viaProxy?.close()
    await proxy?.close()
    await remote?.drop()
    await local?.drop()
  })

  it('cut mid-stream, restored: every write reaches the team server exactly once', async () => {
    const project = await store.projects.create({ name: 'Offline', ownerId: 'lead' })
    // the project was mirrored locally with the write, so offline children have their parent
    expect(await projects.get(local.db, project.id)).not.toBeNull()

    const N = 240
    const ids: string[] = []
    const finalProgress = new Map<string, number>()
    let offlineWrites = 0
    let started = 0
    // four writers at once, so the cut lands while writes are in flight (some may commit on the
    // server without the client hearing back: their replay must not double them)
    const writer = async () => {
      while (started < N) {
        const i = started++
        if (i === 80) void proxy.cut()
        if (i === 170) await proxy.restore()
        const job = await store.buildJobs.create({ projectId: project.id, userId: 'u', buildType: 'development', targetPlatform: 'Android' })
        ids.push(job.id)
        // every third job also gets an update: updates made offline must win over older server rows
        if (i % 3 === 0) {
          const updated = await store.buildJobs.update(job.id, { progress: (i % 100) + 1, status: 'running' })
          expect(updated).not.toBeNull()
          finalProgress.set(job.id, (i % 100) + 1)
        }
        if (!store.syncState.online) offlineWrites++
      }
    }
    await Promise.all([writer(), writer(), writer(), writer()])
    expect(offlineWrites).toBeGreaterThan(0)
    expect(store.syncState.online).toBe(false)
    expect(store.syncState.pending).toBeGreaterThan(0)
    // reads while offline come from the mirror and include the offline writes
    expect((await store.buildJobs.list({ projectId: project.id, limit: 1000 })).total).toBe(N)

    // the sync loop's step, run until the outbox is empty and the store is back online
    await waitFor(async () => {
      await store.sync()
      return store.syncState.online && store.syncState.pending === 0
    }, 'the outbox to drain', 30_000, 50)
    expect(await pendingCount(local.db)).toBe(0)

    const { rows } = await remote.db.query<{ id: string; n: string; progress: number }>(
      'SELECT id, count(*) OVER (PARTITION BY id) AS n, progress FROM slate_build_jobs WHERE project_id = $1',
      [project.id],
    )
    expect(rows.length).toBe(N)
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(ids))
    expect(rows.every((r) => r.n === '1')).toBe(true)
    for (const r of rows) if (finalProgress.has(r.id)) expect(r.progress).toBe(finalProgress.get(r.id))
    expect(proxy.connections).toBeGreaterThan(1) // the pool reconnected on its own
  })

  it('replaying the same outbox twice changes nothing (idempotent, last writer wins)', async () => {
    const p = await store.projects.create({ name: 'Twice', ownerId: 'lead' })
    await proxy.cut()
    const renamed = await store.projects.update(p.id, { name: 'Renamed offline' })
    expect(renamed!.name).toBe('Renamed offline')
    // snapshot of the outbox, to be replayed again after the first replay
    const snapshot = await local.db.query('SELECT table_name, row_id, row_data FROM slate_sync_outbox ORDER BY seq')
    expect(snapshot.rows.length).toBe(1)
    await proxy.restore()
    await waitFor(async () => (await store.sync(), store.syncState.online && store.syncState.pending === 0), 'sync', 30_000, 50)
    const onServer = await projects.get(remote.db, p.id)
    expect(onServer!.name).toBe('Renamed offline')
    // someone on the team renames it later; then the stale outbox entry is replayed again
    await projects.update(remote.db, p.id, { name: 'Renamed later by a teammate' })
    for (const r of snapshot.rows) {
      await local.db.query('INSERT INTO slate_sync_outbox (table_name, row_id, row_data) VALUES ($1, $2, $3)', [r.table_name, r.row_id, r.row_data])
    }
    await store.refreshPending()
    await waitFor(async () => (await store.sync(), store.syncState.pending === 0), 'second replay', 30_000, 50)
    expect((await projects.get(remote.db, p.id))!.name).toBe('Renamed later by a teammate')
    const count = await remote.db.query('SELECT count(*)::int AS n FROM slate_projects WHERE id = $1', [p.id])
    expect(count.rows[0].n).toBe(1)
  })

  it('log lines written across a cut reach the server once each', async () => {
    const p = await store.projects.create({ name: 'Logs offline', ownerId: 'lead' })
    const session = await store.runtimeSessions.create({ projectId: p.id, userId: 'u', runtimeType: 'unity' })
    const batch = (from: number) =>
      Array.from({ length: 500 }, (_, i) => ({ sessionId: session.id, level: 'info' as const, message: `line ${from + i}` }))
    await store.addRuntimeLogs(batch(0))
    await proxy.cut()
    await store.addRuntimeLogs(batch(500))
    await store.addRuntimeLogs(batch(1000))
    expect(store.syncState.online).toBe(false)
    await proxy.restore()
    await waitFor(async () => (await store.sync(), store.syncState.online && store.syncState.pending === 0), 'log replay', 30_000, 50)
    await store.addRuntimeLogs(batch(1500))
    const r = await remote.db.query<{ n: number; distinct_msgs: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT message)::int AS distinct_msgs FROM slate_runtime_logs WHERE session_id = $1',
      [session.id],
    )
    expect(r.rows[0]).toEqual({ n: 2000, distinct_msgs: 2000 })
  })

  it('a row the server refuses is parked after a few attempts and does not block the others', async () => {
    const p = await store.projects.create({ name: 'Parking', ownerId: 'lead' })
    await proxy.cut()
    const good = await store.buildJobs.create({ projectId: p.id, userId: 'u', buildType: 'staging', targetPlatform: 'PS5' })
    // an entry the team server will refuse (its FK target never existed there)
    const bad = { ...good, id: randomUUID(), projectId: randomUUID() }
    await local.db.query('INSERT INTO slate_sync_outbox (table_name, row_id, row_data) VALUES ($1, $2, $3)', ['slate_build_jobs', bad.id, JSON.stringify(bad)])
    const after = await store.buildJobs.create({ projectId: p.id, userId: 'u', buildType: 'staging', targetPlatform: 'PS5' })
    await proxy.restore()
    await store.refreshPending()
    await waitFor(async () => (await store.sync(), store.syncState.pending === 0), 'the good entries to replay', 30_000, 50)
    expect(await buildJobs.get(remote.db, good.id)).not.toBeNull()
    expect(await buildJobs.get(remote.db, after.id)).not.toBeNull()
    const parked = await local.db.query<{ attempts: number; last_error: string }>('SELECT attempts, last_error FROM slate_sync_outbox WHERE row_id = $1', [bad.id])
    expect(parked.rows[0].attempts).toBe(5)
    expect(parked.rows[0].last_error).toMatch(/foreign key/)
    await local.db.query('DELETE FROM slate_sync_outbox WHERE row_id = $1', [bad.id])
  })

  it('the mirror pull brings teammates’ changes, including tombstones, into the local database', async () => {
    const p = await projects.create(remote.db, { name: 'Made by a teammate', ownerId: 'mate' })
    const j = await buildJobs.create(remote.db, { projectId: p.id, userId: 'mate', buildType: 'production', targetPlatform: 'Switch' })
    await pullMirror(local.db, remote.db)
    expect((await projects.get(local.db, p.id))!.name).toBe('Made by a teammate')
    expect(await buildJobs.get(local.db, j.id)).not.toBeNull()
    await projects.softDelete(remote.db, p.id)
    await pullMirror(local.db, remote.db)
    expect(await projects.get(local.db, p.id)).toBeNull()
    expect(await buildJobs.get(local.db, j.id)).toBeNull() // the tombstone's cascade ran locally too
    // offline, a lead on a train still sees the builds of live projects
    await proxy.cut()
    const offlineList = await store.buildJobs.list({ targetPlatform: 'Android', limit: 1 })
    expect(offlineList.total).toBeGreaterThanOrEqual(240)
    expect(store.syncState.online).toBe(false)
    await proxy.restore()
  })
})
