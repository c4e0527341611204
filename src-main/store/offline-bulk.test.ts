import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AssetDependency } from '../../src-shared/types-data'
import { pendingCount } from './sync'
import { buildSteps } from './tables'
import { LOCAL_KINDS, openOfflineHarness, type OfflineHarness } from './testing/offline-harness'

/**
 * The bulk and replace-style writes (build messages, packed assets, analytics events, asset
 * dependencies, build steps) while the team server is cut off: they land locally and in the
 * outbox, and reach the server exactly once on reconnect; a replacement replays whole.
 */
const guid = (n: number) => n.toString(16).padStart(32, '0')

describe.each(LOCAL_KINDS)('offline bulk writes (mirror in a %s)', (kind) => {
  let h: OfflineHarness
  beforeAll(async () => {
    h = await openOfflineHarness(kind)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('a cut in the middle of concurrent bulk writes loses nothing and doubles nothing', async () => {
    const { store, proxy, remote } = h
    const project = await store.projects.create({ name: 'Bulk offline', ownerId: 'lead' })
    const job = await store.buildJobs.create({ projectId: project.id, userId: 'u', buildType: 'development', targetPlatform: 'WebGL' })
    const WRITERS = 4
    const assets = await store.assets.createMany(Array.from({ length: WRITERS }, (_, w) => ({ projectId: project.id, type: 'Prefab', guid: guid(1000 + w) })))

    const N = 120
    const lastEdges = new Map<string, AssetDependency[]>()
    let started = 0
    let offlineWrites = 0
    // each writer owns one asset, so "the last replacement of that asset" is well defined
    const writer = async (w: number) => {
      while (started < N) {
        const i = started++
        if (i === 40) void proxy.cut()
        if (i === 90) await proxy.restore()
        await store.addBuildMessages(Array.from({ length: 20 }, (_, k) => ({ jobId: job.id, level: 'info' as const, message: `m ${i}.${k}` })))
        await store.addPackedAssets(Array.from({ length: 5 }, (_, k) => ({ jobId: job.id, outputFile: 'data.unity3d', sourcePath: `Assets/p${i}.${k}`, packedSize: i * 10 + k })))
        await store.addAnalyticsEvents(Array.from({ length: 3 }, (_, k) => ({ projectId: project.id, name: 'build.step', properties: { i, k } })))
        const edges = Array.from({ length: (i % 3) + 1 }, (_, k) => ({
          projectId: project.id,
          fromAssetId: assets[w].id,
          toGuid: guid(i * 10 + k),
          toFileId: String(k),
          refType: null,
        }))
        await store.replaceAssetDependencies([assets[w].id], edges)
        lastEdges.set(assets[w].id, edges)
        if (!store.syncState.online) offlineWrites++
      }
    }
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
    expect(offlineWrites).toBeGreaterThan(0)
    expect(store.syncState.online).toBe(false)
    expect(store.syncState.pending).toBeGreaterThan(0)

    // offline, reads come from the mirror: it holds the offline writes and the latest replacements
    const offlineMessages = await store.listBuildMessages(job.id, { limit: 50_000 })
    expect(offlineMessages.length).toBeGreaterThan(0)
    for (const a of assets) {
      const seen = await store.assetDependencies(project.id, a.id)
      expect(seen.map((e) => e.toGuid).sort()).toEqual(lastEdges.get(a.id)!.map((e) => e.toGuid).sort())
    }

    await h.drain()
    expect(await pendingCount(h.local)).toBe(0)
    await expectServerHasEverythingOnce()

    async function expectServerHasEverythingOnce() {
      const q = (sql: string) => remote.db.query<{ n: number; d: number }>(sql, [job.id])
      expect((await q('SELECT count(*)::int AS n, count(DISTINCT message)::int AS d FROM slate_build_messages WHERE job_id = $1')).rows[0]).toEqual({ n: N * 20, d: N * 20 })
      expect((await q('SELECT count(*)::int AS n, count(DISTINCT source_path)::int AS d FROM slate_build_packed_assets WHERE job_id = $1')).rows[0]).toEqual({ n: N * 5, d: N * 5 })
      const ev = await remote.db.query<{ n: number; d: number }>(
        `SELECT count(*)::int AS n, count(DISTINCT properties)::int AS d FROM slate_analytics_events WHERE project_id = $1`,
        [project.id],
      )
      expect(ev.rows[0]).toEqual({ n: N * 3, d: N * 3 })
      for (const a of assets) {
        const edges = await remote.db.query<{ g: string }>('SELECT to_guid AS g FROM slate_asset_dependencies WHERE from_asset_id = $1 ORDER BY 1', [a.id])
        expect(edges.rows.map((r) => r.g)).toEqual(lastEdges.get(a.id)!.map((e) => e.toGuid).sort())
      }
    }
  })

  it('replaying the same entries twice (a replay cut after the server committed) doubles nothing', async () => {
    const { store, proxy, remote, local } = h
    const project = await store.projects.create({ name: 'Replay twice', ownerId: 'lead' })
    const job = await store.buildJobs.create({ projectId: project.id, userId: 'u', buildType: 'staging', targetPlatform: 'Android' })
    const [asset] = await store.assets.createMany([{ projectId: project.id, type: 'Scene', guid: guid(77) }])
    await proxy.cut()
    await store.addBuildMessages([{ jobId: job.id, level: 'error', message: 'CS0246', file: 'Assets/A.cs', line: 3 }])
    await store.addPackedAssets([{ jobId: job.id, outputFile: 'level0', sourcePath: 'Assets/Scene.unity', packedSize: 42 }])
    await store.addAnalyticsEvents([{ projectId: project.id, name: 'build.failed' }])
    await store.replaceAssetDependencies([asset.id], [{ projectId: project.id, fromAssetId: asset.id, toGuid: guid(78), toFileId: '0', refType: 1 }])
    await store.replaceBuildSteps(job.id, [{ stepIndex: 0, name: 'Compile' }])
    const snapshot = await local.query('SELECT table_name, row_id, row_data FROM slate_sync_outbox ORDER BY seq')
    expect(snapshot.rows.map((r) => r.table_name)).toEqual([
      'slate_build_messages',
      'slate_build_packed_assets',
      'slate_analytics_events',
      'slate_asset_dependencies',
      'slate_build_steps',
    ])
    await proxy.restore()
    await h.drain()
    for (const r of snapshot.rows) {
      await local.query('INSERT INTO slate_sync_outbox (table_name, row_id, row_data) VALUES ($1, $2, $3)', [r.table_name, r.row_id, r.row_data])
    }
    await store.refreshPending()
    await h.drain()
    const count = async (sql: string, id: string) => (await remote.db.query<{ n: number }>(sql, [id])).rows[0].n
    expect(await count('SELECT count(*)::int AS n FROM slate_build_messages WHERE job_id = $1', job.id)).toBe(1)
    expect(await count('SELECT count(*)::int AS n FROM slate_build_packed_assets WHERE job_id = $1', job.id)).toBe(1)
    expect(await count('SELECT count(*)::int AS n FROM slate_analytics_events WHERE project_id = $1', project.id)).toBe(1)
    expect(await count('SELECT count(*)::int AS n FROM slate_asset_dependencies WHERE from_asset_id = $1', asset.id)).toBe(1)
    expect((await buildSteps.list(remote.db, { jobId: job.id })).items.map((s) => s.name)).toEqual(['Compile'])
    const daily = await store.countAnalyticsEventsByDay('build.failed', { projectId: project.id })
    expect(daily.reduce((n, d) => n + d.count, 0)).toBe(1)
  })

  it('an offline replacement of build steps replaces the server’s steps whole, in write order', async () => {
    const { store, proxy, remote, local } = h
    const project = await store.projects.create({ name: 'Steps', ownerId: 'lead' })
    const job = await store.buildJobs.create({ projectId: project.id, userId: 'u', buildType: 'production', targetPlatform: 'iOS' })
    await store.replaceBuildSteps(job.id, [0, 1, 2].map((i) => ({ stepIndex: i, name: `online ${i}` })))
    // the online replacement was repeated in the mirror
    expect((await buildSteps.list(local, { jobId: job.id })).items.map((s) => s.name)).toEqual(['online 0', 'online 1', 'online 2'])
    await proxy.cut()
    // more than ten entries: the replay must follow the outbox's numeric order (entry 10 after entry 9)
    for (let r = 0; r < 11; r++) await store.replaceBuildSteps(job.id, [{ stepIndex: 0, name: `offline draft ${r}` }])
    const last = await store.replaceBuildSteps(job.id, [0, 1].map((i) => ({ stepIndex: i, name: `offline ${i}` })))
    expect((await store.listBuildSteps(job.id)).map((s) => s.name)).toEqual(['offline 0', 'offline 1'])
    await proxy.restore()
    await h.drain()
    const onServer = (await buildSteps.list(remote.db, { jobId: job.id })).items
    expect(onServer.map((s) => [s.id, s.name])).toEqual(last.map((s) => [s.id, s.name]))
  })

  it('a teammate’s replacement of build steps replaces them in the mirror on the next pull', async () => {
    const { store, remote, local } = h
    const project = await store.projects.create({ name: 'Steps pulled', ownerId: 'lead' })
    const job = await store.buildJobs.create({ projectId: project.id, userId: 'u', buildType: 'development', targetPlatform: 'WebGL' })
    await store.replaceBuildSteps(job.id, [0, 1, 2].map((i) => ({ stepIndex: i, name: `mine ${i}` })))
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
