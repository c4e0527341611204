import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildJobs, buildSteps, files, projects } from './tables'
import { LOCAL_KINDS, openOfflineHarness, type OfflineHarness } from './testing/offline-harness'

/**
 * What the user has seen can be edited offline: rows read from the team database (get, list,
 * build steps) are copied into the mirror, with the parents they need, before any pull has run.
 */
describe.each(LOCAL_KINDS)('rows read online are mirrored (mirror in a %s)', (kind) => {
  let h: OfflineHarness
  beforeAll(async () => {
    h = await openOfflineHarness(kind)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('a teammate’s rows, read but never pulled, can be updated offline and the edits replay', async () => {
    const { store, proxy, remote, local } = h
    // written by a teammate straight to the team database: this machine has not pulled them
    const p = await projects.create(remote.db, { name: 'Teammate project', ownerId: 'mate' })
    const job = await buildJobs.create(remote.db, { projectId: p.id, userId: 'mate', buildType: 'development', targetPlatform: 'Android' })
    const [f1, f2] = await files.createMany(remote.db, [
      { projectId: p.id, path: 'Assets/A.cs' },
      { projectId: p.id, path: 'Assets/B.cs' },
    ])
    const unseen = await buildJobs.create(remote.db, { projectId: p.id, userId: 'mate', buildType: 'staging', targetPlatform: 'iOS' })
    await buildSteps.createMany(remote.db, [{ jobId: job.id, stepIndex: 0, name: 'Compile' }])
    expect(await projects.get(local, p.id)).toBeNull()

    // seen online: one by id (its project comes along), the files through a list, the steps
    expect((await store.buildJobs.get(job.id))!.status).toBe('queued')
    expect((await store.files.list({ projectId: p.id })).total).toBe(2)
    const steps = await store.read(async (q) => (await buildSteps.list(q, { jobId: job.id })).items, { table: 'slate_build_steps', rows: (r) => r })
    expect(steps.map((s) => s.name)).toEqual(['Compile'])
    expect((await projects.get(local, p.id))!.name).toBe('Teammate project')
    expect(await buildJobs.get(local, job.id)).not.toBeNull()
    expect(await files.get(local, f2.id)).not.toBeNull()
    expect((await buildSteps.list(local, { jobId: job.id })).total).toBe(1)

    await proxy.cut()
    const running = await store.buildJobs.update(job.id, { status: 'running', progress: 40 })
    expect(running).toMatchObject({ status: 'running', progress: 40 })
    expect(store.syncState.online).toBe(false)
    expect(await store.files.update(f1.id, { path: 'Assets/Renamed.cs' })).toMatchObject({ path: 'Assets/Renamed.cs' })
    expect(await store.files.softDelete(f2.id)).not.toBeNull()
    // a row never read here is not in the mirror: offline there is nothing to update
    expect(await store.buildJobs.update(unseen.id, { progress: 10 })).toBeNull()

    await proxy.restore()
    await h.drain()
    expect(await buildJobs.get(remote.db, job.id)).toMatchObject({ status: 'running', progress: 40 })
    expect((await files.get(remote.db, f1.id))!.path).toBe('Assets/Renamed.cs')
    expect(await files.get(remote.db, f2.id)).toBeNull()
    expect((await files.get(remote.db, f2.id, { includeDeleted: true }))!.deletedAt).not.toBeNull()
    expect((await buildJobs.get(remote.db, unseen.id))!.progress).toBe(0)
  })

  it('a newer mirror row is not overwritten by an older read (last writer wins)', async () => {
    const { store, remote, local } = h
    const p = await store.projects.create({ name: 'Kept', ownerId: 'lead' })
    // the mirror has a newer version than the server (an offline edit waiting to replay)
    await local.query(`UPDATE slate_projects SET name = 'Newer here' WHERE id = $1`, [p.id])
    expect((await store.projects.list({ ownerId: 'lead', name: 'Kept' })).items.map((x) => x.name)).toEqual(['Kept'])
    expect((await projects.get(local, p.id))!.name).toBe('Newer here')
    expect((await projects.get(remote.db, p.id))!.name).toBe('Kept')
  })
})
