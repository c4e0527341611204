import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOfflineHarness, type OfflineHarness } from '../store/testing/offline-harness'
import { buildJobChanges, queueChanges } from '../store/changes'
import { buildHistoryFor } from './context'
import { PgHistoryStore } from './history-pg'
import type { BuildCompletion, BuildHistoryStore, NewBuildJob } from './history-store'
import { defaultProfile } from './profiles'

/**
 * A build recorded while the team database is away reaches it whole (job, steps, messages,
 * packed assets) when it is back, and a build that did reach it is not doubled by a replay. The
 * history is the one the app and the CLI use (buildHistoryFor: the DataStore's mirror and outbox),
 * with the team database behind a TCP proxy the test cuts.
 */
describe('offline builds replay to the team database', () => {
  let h: OfflineHarness
  let history: BuildHistoryStore
  const root = `/projects/offline-${randomUUID().slice(0, 8)}`

  beforeAll(async () => {
    h = await openOfflineHarness('server database')
    history = buildHistoryFor({ store: h.store, db: h.team }, true)
    // the user opened the project online: it is in both databases with one id
    await h.store.projects.create({ name: 'Offline game', ownerId: 'me', settings: { root } })
  })
  afterAll(async () => {
    await h?.close()
  })

  const job = (): NewBuildJob => ({
    id: randomUUID(),
    projectRoot: root,
    projectName: 'Offline game',
    target: 'Android',
    type: 'staging',
    runner: 'local',
    profile: defaultProfile('Android', 'staging', 'Game'),
    unityVersion: '6000.1.3f1',
    commandLine: ['-batchmode'],
    sourceCommit: null,
    userId: 'me',
    status: 'running',
  })
  const completion = (): BuildCompletion => {
    const now = new Date().toISOString()
    return {
      status: 'failed',
      result: 'Failed',
      failureKind: 'compile-errors',
      reason: '2 compile errors',
      startedAt: now,
      completedAt: now,
      durationMs: 1234,
      totalSize: null,
      outputPath: null,
      errorCount: 2,
      warningCount: 1,
      steps: [
        { name: 'Build player', depth: 0, durationMs: 1000, messages: [] },
        { name: 'Compile scripts', depth: 1, durationMs: 234, messages: [{ type: 'warning', content: 'obsolete API' }] },
      ],
      packedAssets: [
        { guid: 'a'.repeat(32), path: 'Assets/Big.png', size: 4096, type: 'Texture2D' },
        { guid: 'b'.repeat(32), path: 'Assets/Small.wav', size: 512, type: 'AudioClip' },
      ],
      messages: [
        { type: 'error', content: 'error CS0103', file: 'Assets/A.cs', line: 4 },
        { type: 'error', content: 'error CS0246', file: 'Assets/B.cs', line: 9 },
      ],
      worker: null,
    }
  }

  async function childrenOn(db: OfflineHarness['local'], jobId: string) {
    const m = await db.query<{ id: string }>('SELECT id FROM slate_build_messages WHERE job_id = $1 ORDER BY id', [jobId])
    const p = await db.query<{ id: string }>('SELECT id FROM slate_build_packed_assets WHERE job_id = $1 ORDER BY id', [jobId])
    const s = await db.query<{ id: string }>('SELECT id FROM slate_build_steps WHERE job_id = $1 ORDER BY id', [jobId])
    return { messages: m.rows.map((r) => r.id), packed: p.rows.map((r) => r.id), steps: s.rows.map((r) => r.id) }
  }

  it('a build made offline arrives with its steps, messages and packed assets, once', async () => {
    await h.proxy.cut()
    const j = job()
    await history.createJob(j)
    expect(await history.complete(j.id, completion())).toBe(true)
    expect(h.store.syncState.pending).toBeGreaterThan(0)
    await h.proxy.restore()
    await h.drain()
    const onServer = await new PgHistoryStore(h.remote.db, 'team').get(j.id)
    expect(onServer).toMatchObject({ status: 'failed', reason: '2 compile errors', projectRoot: root })
    expect(onServer!.messages.map((m) => m.content)).toEqual(['error CS0103', 'error CS0246'])
    expect(onServer!.steps[1].messages).toEqual([{ type: 'warning', content: 'obsolete API' }])
    expect(onServer!.packedAssets.map((a) => a.path)).toEqual(['Assets/Big.png', 'Assets/Small.wav'])
    expect(await childrenOn(h.remote.db, j.id)).toEqual(await childrenOn(h.local, j.id))
    const projects = await h.remote.db.query(`SELECT id FROM slate_projects WHERE settings->>'root' = $1`, [root])
    expect(projects.rowCount).toBe(1)
  })

  it('a build whose completion reached the server but is replayed anyway (lost acknowledgement) is not doubled', async () => {
    const j = job()
    await history.createJob(j)
    expect(await history.complete(j.id, completion())).toBe(true)
    // both databases hold the completion, with the same child ids
    const local = await childrenOn(h.local, j.id)
    expect(local.messages).toHaveLength(3)
    expect(await childrenOn(h.remote.db, j.id)).toEqual(local)
    // as if the team write had failed after its commit: the build is queued for replay too
    await h.local.tx(async (tx) => queueChanges(tx, await buildJobChanges(tx, j.id, { project: true })))
    await h.store.refreshPending()
    expect(h.store.syncState.pending).toBeGreaterThan(0)
    await h.drain()
    expect(await childrenOn(h.remote.db, j.id)).toEqual(local)
  })

  it('a build made offline for a project this machine never synced creates one project on the server, not a twin', async () => {
    const freshRoot = `/projects/never-synced-${randomUUID().slice(0, 8)}`
    // a teammate's first build of this folder reached the team database while we were offline
    await new PgHistoryStore(h.remote.db, 'team').createJob({ ...job(), projectRoot: freshRoot })
    await h.proxy.cut()
    const j = { ...job(), projectRoot: freshRoot }
    await history.createJob(j)
    expect(await history.complete(j.id, completion())).toBe(true)
    await h.proxy.restore()
    await h.drain()
    const projects = await h.remote.db.query(`SELECT id FROM slate_projects WHERE settings->>'root' = $1`, [freshRoot])
    expect(projects.rowCount).toBe(1)
    expect(await new PgHistoryStore(h.remote.db, 'team').get(j.id)).toMatchObject({ projectRoot: freshRoot, status: 'failed' })
  })

  it('a whole build lifecycle run while PostgreSQL is down is kept, readable offline, and synced once it is back', async () => {
    await h.proxy.cut()
    const j = job()
    await history.createJob({ ...j, status: 'queued' })
    await history.markRunning(j.id, { startedAt: new Date().toISOString(), worker: null })
    await history.setProgress(j.id, 40)
    expect(await history.complete(j.id, completion())).toBe(true)
    // offline, the Builds view and `slate history` read the mirror, and say so
    const page = await history.list({ projectRoot: root })
    expect(page.source).toMatch(/local mirror/)
    expect(page.jobs.find((x) => x.id === j.id)).toMatchObject({ status: 'failed', progress: 40 })
    expect(await new PgHistoryStore(h.remote.db, 'team').get(j.id)).toBeNull()
    await h.proxy.restore()
    await h.drain()
    expect(await new PgHistoryStore(h.remote.db, 'team').get(j.id)).toMatchObject({ status: 'failed', progress: 40, errorCount: 2 })
    expect(await childrenOn(h.remote.db, j.id)).toEqual(await childrenOn(h.local, j.id))
    // back online, reads come from the team database again
    expect((await history.list({ projectRoot: root })).source).toBe(h.team.label)
  })

  it('a build read online from the team database is kept in the mirror whole', async () => {
    const j = job()
    const team = new PgHistoryStore(h.remote.db, 'team')
    await team.createJob(j)
    await team.complete(j.id, completion())
    expect(await childrenOn(h.local, j.id)).toEqual({ messages: [], packed: [], steps: [] })
    await history.list({ projectRoot: root })
    expect(await childrenOn(h.local, j.id)).toEqual(await childrenOn(h.remote.db, j.id))
    await h.proxy.cut()
    expect(await history.get(j.id)).toMatchObject({ status: 'failed', reason: '2 compile errors' })
    await h.proxy.restore()
    await h.drain()
  })
})
