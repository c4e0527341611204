import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database, Queryable } from './db'
import { migrate } from './migrations'
import { pullMirror } from './sync'
import { buildJobs, buildSteps, projects } from './tables'
import { createTestDatabase, type TestDatabase } from './testing/test-database'

/**
 * The mirror pull reads the team database table by table, parents first. A teammate's (or a farm
 * client's) transaction that commits between two of those reads (a new project with its first
 * job, a new job with its steps) shows the child but not its parent: the pull must fetch the
 * parent rather than fail the whole sync on the mirror's foreign key. The commit is placed
 * between the two reads deterministically, by running it when the pull first reads the child table.
 */
describe('mirror pull: a child committed after its parent table was pulled', () => {
  let remote: TestDatabase
  let local: TestDatabase

  beforeAll(async () => {
    remote = await createTestDatabase('slate_test_pull_remote')
    local = await createTestDatabase('slate_test_pull_local')
    await migrate(remote.db)
    await migrate(local.db)
    await pullMirror(local.db, remote.db) // start from a mirror that is up to date
  })
  afterAll(async () => {
    await remote?.drop()
    await local?.drop()
  })

  /** The team database, with `before` run once just before the pull's first read of `table`. */
  function commitBeforeRead(table: string, before: () => Promise<unknown>): Database {
    let done = false
    const reader: Queryable = {
      async query(text: string, values?: unknown[]) {
        if (!done && new RegExp(`FROM ${table} WHERE updated_at`).test(text)) {
          done = true
          await before()
        }
        return remote.db.reader.query(text, values)
      },
    } as Queryable
    const db = Object.create(remote.db) as Database
    Object.defineProperty(db, 'reader', { value: reader })
    return db
  }

  it('a project and its first job committed between the project and job reads', async () => {
    let jobId = ''
    let projectId = ''
    const racing = commitBeforeRead('slate_build_jobs', () =>
      remote.db.tx(async (tx) => {
        const p = await projects.create(tx, { name: 'New on the team', ownerId: 'client' })
        const j = await buildJobs.create(tx, { projectId: p.id, userId: 'client', buildType: 'development', targetPlatform: 'StandaloneLinux64' })
        projectId = p.id
        jobId = j.id
      }),
    )
    await pullMirror(local.db, racing)
    expect(jobId).not.toBe('')
    expect((await projects.get(local.db, projectId))?.name).toBe('New on the team')
    expect((await buildJobs.get(local.db, jobId))?.projectId).toBe(projectId)
  })

  it('a job and its steps committed between the job and step reads', async () => {
    const p = await projects.create(remote.db, { name: 'Steps', ownerId: 'client' })
    await pullMirror(local.db, remote.db)
    let jobId = ''
    const racing = commitBeforeRead('slate_build_steps', () =>
      remote.db.tx(async (tx) => {
        const j = await buildJobs.create(tx, { projectId: p.id, userId: 'client', buildType: 'development', targetPlatform: 'StandaloneLinux64' })
        await buildSteps.create(tx, { jobId: j.id, stepIndex: 0, name: 'Compile', depth: 0, durationMs: 5 })
        jobId = j.id
      }),
    )
    await pullMirror(local.db, racing)
    expect(await buildJobs.get(local.db, jobId)).not.toBeNull()
    expect((await buildSteps.list(local.db, { jobId })).items.map((s) => s.name)).toEqual(['Compile'])
  })
})
