import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pendingCount } from './sync'
import { buildSteps } from './tables'
import { LOCAL_KINDS, openOfflineHarness, type OfflineHarness } from './testing/offline-harness'

/**
 * The batch writes the app makes through the DataStore (runtime log lines by COPY, analytics
 * events) while the team server is cut off: they land locally and in the outbox, and reach the
 * server exactly once on reconnect, also when a replay is repeated. Builds' own batches (steps,
 * messages, packed assets) go through the same outbox from the build history:
 * builds/offline-replay.test.ts. Build steps are replaced whole: a teammate's replacement reaches
 * the mirror on the next pull.
 */
describe.each(LOCAL_KINDS)('offline batch writes (mirror in a %s)', (kind) => {
  let h: OfflineHarness
  beforeAll(async () => {
    h = await openOfflineHarness(kind)
  })
  afterAll(async () => {
    await h?.close()
  })

  async function session(name: string) {
    const project = await h.store.projects.create({ name, ownerId: 'lead' })
    const s = await h.store.runtimeSessions.create({ projectId: project.id, userId: 'u', runtimeType: 'unity' })
    return { project, session: s }
  }

  it('a cut in the middle of concurrent batch writes loses nothing and doubles nothing', async () => {
    const { store, proxy, remote } = h
    const { project, session: s } = await session('Batches offline')
    const N = 120
    let started = 0
    let offlineWrites = 0
    const writer = async () => {
      while (started < N) {
        const i = started++
        if (i === 40) void proxy.cut()
        if (i === 90) await proxy.restore()
        await store.addRuntimeLogs(Array.from({ length: 20 }, (_, k) => ({ sessionId: s.id, level: 'info' as const, message: `line ${i}.${k}` })))
        await store.addAnalyticsEvents(Array.from({ length: 3 }, (_, k) => ({ projectId: project.id, name: 'runtime.line', properties: { i, k } })))
        if (!store.syncState.online) offlineWrites++
      }
    }
    await Promise.all(Array.from({ length: 4 }, writer))
    expect(offlineWrites).toBeGreaterThan(0)
    expect(store.syncState.online).toBe(false)
    expect(store.syncState.pending).toBeGreaterThan(0)

    // offline, reads come from the mirror: it holds the offline lines
    const offline = await store.listRuntimeLogs(s.id, { limit: 10_000 })
    expect(offline.length).toBeGreaterThan(0)
    expect(offline.length).toBeLessThanOrEqual(N * 20)

    await h.drain()
    expect(await pendingCount(h.local)).toBe(0)
    const lines = await remote.db.query<{ n: number; d: number }>('SELECT count(*)::int AS n, count(DISTINCT message)::int AS d FROM slate_runtime_logs WHERE session_id = $1', [s.id])
    expect(lines.rows[0]).toEqual({ n: N * 20, d: N * 20 })
    const ev = await remote.db.query<{ n: number; d: number }>(`SELECT count(*)::int AS n, count(DISTINCT properties)::int AS d FROM slate_analytics_events WHERE project_id = $1`, [project.id])
    expect(ev.rows[0]).toEqual({ n: N * 3, d: N * 3 })
  })

  it('replaying the same entries twice (a replay cut after the server committed) doubles nothing', async () => {
    const { store, proxy, remote, local } = h
    const { project, session: s } = await session('Replay twice')
    await proxy.cut()
    await store.addRuntimeLogs([{ sessionId: s.id, level: 'error', message: 'NullReferenceException' }])
    await store.addAnalyticsEvents([{ projectId: project.id, name: 'runtime.error' }])
    const snapshot = await local.query('SELECT table_name, row_id, row_data FROM slate_sync_outbox ORDER BY seq')
    expect(snapshot.rows.map((r) => r.table_name).filter((t) => t !== 'slate_projects' && t !== 'slate_runtime_sessions')).toEqual(['slate_runtime_logs', 'slate_analytics_events'])
    await proxy.restore()
    await h.drain()
    for (const r of snapshot.rows) {
      await local.query('INSERT INTO slate_sync_outbox (table_name, row_id, row_data) VALUES ($1, $2, $3)', [r.table_name, r.row_id, r.row_data])
    }
    await store.refreshPending()
    await h.drain()
    const count = async (sql: string, id: string) => (await remote.db.query<{ n: number }>(sql, [id])).rows[0].n
    expect(await count('SELECT count(*)::int AS n FROM slate_runtime_logs WHERE session_id = $1', s.id)).toBe(1)
    expect(await count('SELECT count(*)::int AS n FROM slate_analytics_events WHERE project_id = $1', project.id)).toBe(1)
  })

  it('a teammate’s replacement of build steps replaces them in the mirror on the next pull', async () => {
    const { store, remote, local } = h
    const project = await store.projects.create({ name: 'Steps pulled', ownerId: 'lead' })
    const job = await store.buildJobs.create({ projectId: project.id, userId: 'u', buildType: 'development', targetPlatform: 'WebGL' })
    await buildSteps.createMany(remote.db, [0, 1, 2].map((i) => ({ jobId: job.id, stepIndex: i, name: `first ${i}` })))
    await store.sync()
    expect((await buildSteps.list(local, { jobId: job.id })).items.map((s) => s.name)).toEqual(['first 0', 'first 1', 'first 2'])
    // a teammate's SLATE replaces them on the server: new ids, same step indexes, one fewer
    await remote.db.tx(async (tx) => {
      await tx.query('DELETE FROM slate_build_steps WHERE job_id = $1', [job.id])
      await buildSteps.createMany(tx, [0, 1].map((i) => ({ jobId: job.id, stepIndex: i, name: `theirs ${i}` })))
    })
    await store.sync()
    expect(store.syncState.lastError).toBeNull()
    const mirrored = (await buildSteps.list(local, { jobId: job.id })).items
    const server = (await buildSteps.list(remote.db, { jobId: job.id })).items
    expect(mirrored.map((s) => [s.id, s.name])).toEqual(server.map((s) => [s.id, s.name]))
  })
})
