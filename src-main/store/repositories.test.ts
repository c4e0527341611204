import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database } from './db'
import { EmbeddedPostgres } from './embedded-postgres'
import { migrate } from './migrations'
import { createTestDatabase } from './testing/test-database'
import { assets, buildJobs, buildSteps, files, projects, runtimeSessions } from './tables'
import * as bulk from './bulk'

interface Target {
  db: Database
  drop(): Promise<void>
}

/** The same suite on the team server (PostgreSQL 15 here) and on the embedded one (18). */
const targets: [string, () => Promise<Target>][] = [
  ['team PostgreSQL', () => createTestDatabase()],
  [
    'embedded PostgreSQL',
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-repo-test-'))
      const server = await EmbeddedPostgres.start({ dataDir: dir })
      const db = new Database({ url: server.url, label: server.label })
      return {
        db,
        async drop() {
          await db.close()
          await server.stop()
          fs.rmSync(dir, { recursive: true, force: true })
        },
      }
    },
  ],
]

describe.each(targets)('repositories (%s)', (_name, open) => {
  let t: Target
  beforeAll(async () => {
    t = await open()
    await migrate(t.db)
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('creates, reads, updates with trigger-kept timestamps', async () => {
    const p = await projects.create(t.db, { name: 'Moonlander', ownerId: 'ana', settings: { theme: 'dark' } })
    expect(p.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(p.createdAt).toBe(p.updatedAt)
    expect(p.settings).toEqual({ theme: 'dark' })
    const u = await projects.update(t.db, p.id, { description: 'a lander', createdAt: '2000-01-01T00:00:00Z' } as never)
    expect(u!.description).toBe('a lander')
    expect(u!.createdAt).toBe(p.createdAt) // callers cannot move created_at
    expect(u!.updatedAt > p.updatedAt).toBe(true)
    expect(await projects.get(t.db, randomUUID())).toBeNull()
  })

  it('lists with filters and paging', async () => {
    const owner = `owner-${randomUUID()}`
    for (let i = 0; i < 7; i++) await projects.create(t.db, { name: `Paged ${i}`, ownerId: owner })
    const page1 = await projects.list(t.db, { ownerId: owner, limit: 3 })
    const page3 = await projects.list(t.db, { ownerId: owner, limit: 3, offset: 6 })
    expect(page1.total).toBe(7)
    expect(page1.items.length).toBe(3)
    expect(page3.items.length).toBe(1)
    expect((await projects.list(t.db, { ownerId: owner, limit: 3, offset: 30 })).total).toBe(7)
    // the name filter is a substring match where % and _ are literal
    expect((await projects.list(t.db, { ownerId: owner, name: 'aged 4' })).items.map((p) => p.name)).toEqual(['Paged 4'])
    expect((await projects.list(t.db, { ownerId: owner, name: '%' })).total).toBe(0)
  })

  it('values never become SQL: hostile strings are stored as data', async () => {
    const name = `x'); DROP TABLE slate_projects; --`
    const p = await projects.create(t.db, { name, ownerId: "o'brien" })
    expect((await projects.get(t.db, p.id))!.name).toBe(name)
    expect((await projects.list(t.db, { ownerId: "o'brien" })).total).toBe(1)
  })

  it('check constraints guard statuses, build types, targets, progress and runtime types', async () => {
    const p = await projects.create(t.db, { name: 'Checks', ownerId: 'o' })
    const job = { projectId: p.id, userId: 'u', buildType: 'development' as const, targetPlatform: 'WebGL' as const }
    for (const target of ['StandaloneWindows64', 'StandaloneOSX', 'StandaloneLinux64', 'Android', 'iOS', 'WebGL', 'PS5', 'GameCoreXboxSeries', 'Switch'] as const) {
      await buildJobs.create(t.db, { ...job, targetPlatform: target })
    }
    await expect(buildJobs.create(t.db, { ...job, targetPlatform: 'Dreamcast' as never })).rejects.toThrow(/check constraint/)
    await expect(buildJobs.create(t.db, { ...job, buildType: 'nightly' as never })).rejects.toThrow(/check constraint/)
    await expect(buildJobs.create(t.db, { ...job, status: 'exploded' as never })).rejects.toThrow(/check constraint/)
    const j = await buildJobs.create(t.db, job)
    await expect(buildJobs.update(t.db, j.id, { progress: 101 })).rejects.toThrow(/check constraint/)
    await expect(buildJobs.update(t.db, j.id, { status: 'succeeded', progress: 50 })).rejects.toThrow(/check constraint/)
    expect((await buildJobs.update(t.db, j.id, { status: 'succeeded', progress: 100 }))!.status).toBe('succeeded')
    await expect(runtimeSessions.create(t.db, { projectId: p.id, userId: 'u', runtimeType: 'cryengine' as never })).rejects.toThrow(/check constraint/)
    await expect(buildJobs.create(t.db, { ...job, projectId: randomUUID() })).rejects.toThrow(/foreign key/)
  })

  it('soft delete hides a project with its files and build jobs; restore brings exactly those back', async () => {
    const p = await projects.create(t.db, { name: 'Doomed', ownerId: 'soft' })
    const f1 = await files.create(t.db, { projectId: p.id, path: 'Assets/a.cs', content: 'class A {}' })
    const f2 = await files.create(t.db, { projectId: p.id, path: 'Assets/b.cs', content: 'class B {}' })
    const job = await buildJobs.create(t.db, { projectId: p.id, userId: 'u', buildType: 'staging', targetPlatform: 'Android' })
    const asset = await assets.create(t.db, { projectId: p.id, fileId: f1.id, type: 'MonoScript', guid: 'a'.repeat(32) })
    // deleted on its own before the project: must stay deleted after the project's restore
    await files.softDelete(t.db, f2.id)

    await projects.softDelete(t.db, p.id)
    expect(await projects.get(t.db, p.id)).toBeNull()
    expect((await projects.list(t.db, { ownerId: 'soft' })).total).toBe(0)
    expect((await files.list(t.db, { projectId: p.id })).total).toBe(0)
    expect((await buildJobs.list(t.db, { projectId: p.id })).total).toBe(0)
    expect(await assets.get(t.db, asset.id)).toBeNull()
    expect((await projects.get(t.db, p.id, { includeDeleted: true }))!.deletedAt).not.toBeNull()
    // a tombstoned row cannot be edited until restored
    expect(await projects.update(t.db, p.id, { name: 'x' })).toBeNull()

    const restored = await projects.restore(t.db, p.id)
    expect(restored!.deletedAt).toBeNull()
    expect((await files.list(t.db, { projectId: p.id })).items.map((f) => f.path)).toEqual(['Assets/a.cs'])
    expect((await buildJobs.get(t.db, job.id))!.id).toBe(job.id)
    expect((await assets.get(t.db, asset.id))!.id).toBe(asset.id)
    expect(await files.get(t.db, f2.id)).toBeNull()
    expect(await projects.restore(t.db, p.id)).toBeNull() // restoring a live row is a no-op
  })

  it('a row added to a deleted project joins its tombstone and comes back with it', async () => {
    const p = await projects.create(t.db, { name: 'Gone', ownerId: 'o' })
    await projects.softDelete(t.db, p.id)
    const late = await buildJobs.create(t.db, { projectId: p.id, userId: 'u', buildType: 'development', targetPlatform: 'WebGL' })
    expect(late.deletedAt).not.toBeNull()
    expect(await buildJobs.get(t.db, late.id)).toBeNull()
    expect(await buildJobs.restore(t.db, late.id)).toBeNull() // not on its own while the project is deleted
    await projects.restore(t.db, p.id)
    expect(await buildJobs.get(t.db, late.id)).not.toBeNull()
  })

  it('a deleted file path can be reused; two live files cannot share a path', async () => {
    const p = await projects.create(t.db, { name: 'Paths', ownerId: 'o' })
    const a = await files.create(t.db, { projectId: p.id, path: 'x.txt' })
    await expect(files.create(t.db, { projectId: p.id, path: 'x.txt' })).rejects.toThrow(/duplicate key/)
    await files.softDelete(t.db, a.id)
    await files.create(t.db, { projectId: p.id, path: 'x.txt' })
    expect(await files.restore(t.db, a.id).catch((e: Error) => e.message)).toMatch(/duplicate key/)
  })

  it('multi-row asset inserts, filtered by type and GUID', async () => {
    const p = await projects.create(t.db, { name: 'Assets', ownerId: 'o' })
    const guid = (i: number) => i.toString(16).padStart(32, '0')
    const many = await assets.createMany(
      t.db,
      Array.from({ length: 1200 }, (_, i) => ({ projectId: p.id, type: i % 2 ? 'Texture2D' : 'Material', guid: guid(i + 1), metadata: { i } })),
    )
    expect(many.length).toBe(1200)
    expect((await assets.list(t.db, { projectId: p.id, type: 'Texture2D', limit: 1 })).total).toBe(600)
    expect((await assets.list(t.db, { projectId: p.id, guid: [guid(1), guid(2)] })).total).toBe(2)
  })

  it('runtime logs go in with COPY, special characters intact', async () => {
    const p = await projects.create(t.db, { name: 'Logs', ownerId: 'o' })
    const s = await runtimeSessions.create(t.db, { projectId: p.id, userId: 'u', runtimeType: 'unity' })
    const logs = Array.from({ length: 5000 }, (_, i) => ({
      sessionId: s.id,
      level: (i % 10 === 0 ? 'error' : 'info') as 'error' | 'info',
      message: `line ${i}\ttab\\backslash\nnewline \u00e9`,
      timestamp: new Date(1_700_000_000_000 + i).toISOString(),
      metadata: { i },
    }))
    const client = await t.db.pool.connect()
    try {
      expect(await bulk.copyRuntimeLogs(client, logs)).toBe(5000)
    } finally {
      client.release()
    }
    const errors = await bulk.listRuntimeLogs(t.db, s.id, { levels: ['error'], limit: 10_000 })
    expect(errors.length).toBe(500)
    expect(errors[1].message).toBe('line 10\ttab\\backslash\nnewline \u00e9')
    expect(errors[1].metadata).toEqual({ i: 10 })
    // paging through lines that share one timestamp loses nothing and repeats nothing
    const same = Array.from({ length: 250 }, (_, i) => ({ sessionId: s.id, level: 'debug' as const, message: `same ${i}`, timestamp: '2030-01-01T00:00:00Z' }))
    const c2 = await t.db.pool.connect()
    try {
      await bulk.copyRuntimeLogs(c2, same)
    } finally {
      c2.release()
    }
    const seen: string[] = []
    let after: bulk.LogCursor | undefined
    for (;;) {
      const page = await bulk.listRuntimeLogs(t.db, s.id, { levels: ['debug'], after, limit: 100 })
      if (page.length === 0) break
      seen.push(...page.map((l) => l.message))
      after = { timestamp: page.at(-1)!.timestamp, id: page.at(-1)!.id }
    }
    expect(seen.length).toBe(250)
    expect(new Set(seen).size).toBe(250)
  })

  it('analytics events: idempotent inserts, names checked', async () => {
    const p = await projects.create(t.db, { name: 'Analytics', ownerId: 'o' })
    const events = [0, 1, 2].map((i) => ({ id: randomUUID(), projectId: p.id, name: 'build.completed', properties: { ok: i > 0 }, occurredAt: `2026-03-0${i + 1}T12:00:00Z` }))
    expect(await bulk.insertAnalyticsEvents(t.db, events)).toBe(3)
    expect(await bulk.insertAnalyticsEvents(t.db, events)).toBe(0) // the retried batch
    await expect(bulk.insertAnalyticsEvents(t.db, [{ name: 'Not A Name' }])).rejects.toThrow(/check constraint/)
    const stored = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM slate_analytics_events WHERE project_id = $1`, [p.id])
    expect(stored.rows[0].n).toBe(3)
  })

  it('build steps, messages and packed assets belong to their job', async () => {
    const p = await projects.create(t.db, { name: 'Build', ownerId: 'o' })
    const j = await buildJobs.create(t.db, { projectId: p.id, userId: 'u', buildType: 'production', targetPlatform: 'iOS' })
    await buildSteps.createMany(t.db, [
      { jobId: j.id, stepIndex: 0, name: 'Build player', durationMs: 1200 },
      { jobId: j.id, stepIndex: 1, name: 'Compile scripts', depth: 1, durationMs: 800 },
    ])
    await expect(buildSteps.create(t.db, { jobId: j.id, stepIndex: 0, name: 'dup' })).rejects.toThrow(/duplicate key/)
    const message = { id: randomUUID(), jobId: j.id, level: 'warning' as const, message: 'CS0618: obsolete', file: 'Assets/A.cs', line: 12, timestamp: new Date().toISOString() }
    expect(await bulk.insertBuildMessagesIfAbsent(t.db, [message])).toBe(1)
    expect(await bulk.insertBuildMessagesIfAbsent(t.db, [message])).toBe(0) // an outbox replay of the same batch
    await bulk.insertPackedAssets(t.db, [
      { jobId: j.id, outputFile: 'sharedassets0.assets', sourcePath: 'Assets/Big.png', packedSize: 4_000_000 },
      { jobId: j.id, outputFile: 'sharedassets0.assets', sourcePath: 'Assets/Small.png', packedSize: 10 },
    ])
    expect((await buildSteps.list(t.db, { jobId: j.id })).items.map((s) => s.name)).toEqual(['Build player', 'Compile scripts'])
    const messages = await t.db.query(`SELECT level, file, line FROM slate_build_messages WHERE job_id = $1`, [j.id])
    expect(messages.rows).toEqual([{ level: 'warning', file: 'Assets/A.cs', line: 12 }])
    const packed = await t.db.query<{ p: string }>(`SELECT source_path AS p FROM slate_build_packed_assets WHERE job_id = $1 ORDER BY packed_size DESC`, [j.id])
    expect(packed.rows.map((r) => r.p)).toEqual(['Assets/Big.png', 'Assets/Small.png'])
  })
})
