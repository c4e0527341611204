import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from './db'
import { migrate } from './migrations'
import { withReplaying } from './repository'
import { REPLICATED } from './sync'
import { buildJobs, projects } from './tables'
import { createTestDatabase, type TestDatabase } from './testing/test-database'

/**
 * Two databases (a laptop's mirror and the team server) edit the same rows independently, then
 * exchange their rows both ways with the replication upsert, as the sync loop does every few
 * seconds. Whatever the edits and whichever way the exchange starts, a few exchanges leave both
 * with identical rows: the newest write of each row wins, and tombstones (with the project
 * cascade, whose own writes need one more exchange to travel) converge too.
 */
/** LWW_SEED=<seed> replays a failure fast-check reported */
const SEED = Number(process.env.LWW_SEED ?? Date.now())
describe('last-writer-wins replication converges (property)', () => {
  let a: TestDatabase
  let b: TestDatabase
  beforeAll(async () => {
    a = await createTestDatabase('slate_test_lww_a')
    b = await createTestDatabase('slate_test_lww_b')
    await migrate(a.db)
    await migrate(b.db)
  })
  afterAll(async () => {
    await a?.drop()
    await b?.drop()
  })

  /** Send this project's rows (it and its jobs) from one side to the other. */
  async function push(from: Database, to: Database, projectId: string): Promise<void> {
    for (const { table, repo } of REPLICATED.filter((r) => r.table === 'slate_projects' || r.table === 'slate_build_jobs')) {
      const cols = Object.entries(repo.spec.columns as Record<string, string>).map(([f, c]) => `${c} AS "${f}"`).join(', ')
      const key = table === 'slate_projects' ? 'id' : 'project_id'
      const { rows } = await from.query<{ id: string }>(`SELECT ${cols} FROM ${table} WHERE ${key} = $1 ORDER BY updated_at`, [projectId])
      await to.tx(async (tx) => {
        await withReplaying(tx)
        for (const row of rows) await repo.upsertReplica(tx, row)
      })
    }
  }

  async function snapshot(db: Database, projectId: string): Promise<unknown[]> {
    const p = await db.query('SELECT id, name, deleted_at, updated_at FROM slate_projects WHERE id = $1', [projectId])
    const j = await db.query('SELECT id, progress, deleted_at, updated_at FROM slate_build_jobs WHERE project_id = $1 ORDER BY id', [projectId])
    return [p.rows, j.rows]
  }

  const op = fc.record({
    side: fc.constantFrom('a', 'b'),
    target: fc.constantFrom('project', 'job', 'newJob'),
    action: fc.constantFrom('update', 'delete', 'restore'),
    value: fc.integer({ min: 0, max: 100 }),
  })

  it('both sides end identical for any interleaving of edits', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), fc.boolean(), async (ops, aFirst) => {
        // common starting point: one project with one job, on both sides
        const p = await projects.create(a.db, { name: 'shared', ownerId: 'o' })
        const j = await buildJobs.create(a.db, { projectId: p.id, userId: 'u', buildType: 'development', targetPlatform: 'WebGL' })
        await push(a.db, b.db, p.id)
        for (const o of ops) {
          const db = o.side === 'a' ? a.db : b.db
          if (o.target === 'project') {
            if (o.action === 'update') await projects.update(db, p.id, { name: `n${o.value}` })
            if (o.action === 'delete') await projects.softDelete(db, p.id)
            if (o.action === 'restore') await projects.restore(db, p.id)
          } else if (o.target === 'newJob') {
            // a job made on one side only (in a project that may be deleted there)
            await buildJobs.create(db, { projectId: p.id, userId: o.side, buildType: 'staging', targetPlatform: 'iOS' })
          } else {
            if (o.action === 'update') await buildJobs.update(db, j.id, { progress: o.value })
            if (o.action === 'delete') await buildJobs.softDelete(db, j.id)
            if (o.action === 'restore') await buildJobs.restore(db, j.id)
          }
        }
        const [first, second] = aFirst ? [a.db, b.db] : [b.db, a.db]
        for (let round = 0; round < 3; round++) {
          await push(first, second, p.id)
          await push(second, first, p.id)
        }
        expect(await snapshot(a.db, p.id)).toEqual(await snapshot(b.db, p.id))
      }),
      { numRuns: 60, seed: SEED },
    )
  })
})
