import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../store/migrations'
import { projectIdForRoot } from '../../store/project-id'
import { projects } from '../../store/tables'
import { createTestDatabase, type TestDatabase } from '../../store/testing/test-database'
import { runCli, useTeamDatabaseEnv } from '../testing/run-cli'

/** `slate members` in-process against a team PostgreSQL. */
describe('slate members', { timeout: 120_000 }, () => {
  let t: TestDatabase
  let env: ReturnType<typeof useTeamDatabaseEnv>
  let project: string

  beforeAll(async () => {
    t = await createTestDatabase('slate_test_members_cli')
    await migrate(t.db)
    project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'slate-members-project-')))
    await projects.create(t.db, { id: projectIdForRoot(project), name: 'Boat', ownerId: 'dana', settings: { root: project } })
    env = useTeamDatabaseEnv(t.url, 'slate-cli-members-')
  })
  afterAll(async () => {
    env?.restore()
    await t?.drop()
    fs.rmSync(project, { recursive: true, force: true })
  })

  const rows = async () => (await t.db.query<{ member: string; role: string }>('SELECT member, role FROM slate_project_members WHERE project_id = $1 ORDER BY member', [projectIdForRoot(project)])).rows

  it('adds identities as the database roles the policies check, changes a role, lists and removes them', async () => {
    expect((await runCli('members', project, 'add', 'alice', 'Bob:artist')).code).toBe(0)
    expect(await rows()).toEqual([{ member: 'slate_u_alice', role: 'developer' }, { member: 'slate_u_bob', role: 'artist' }])
    expect((await runCli('members', project, 'add', 'bob:viewer', '--pg-prefix', 'slate')).code).toBe(0)
    const listed = await runCli('members', project, '--json')
    expect(listed.code).toBe(0)
    const out = JSON.parse(listed.out) as { project: { id: string }; members: { member: string; role: string; addedAt: string }[] }
    expect(out.project.id).toBe(projectIdForRoot(project))
    expect(out.members.map((m) => [m.member, m.role])).toEqual([['slate_u_alice', 'developer'], ['slate_u_bob', 'viewer']])
    expect((await runCli('members', project, 'remove', 'alice')).code).toBe(0)
    expect(await rows()).toEqual([{ member: 'slate_u_bob', role: 'viewer' }])
  })

  it('refuses bad names and roles, an unknown verb, and a folder that is not a project of the database', async () => {
    expect((await runCli('members', project, 'add', 'eve:root')).err).toMatch(/ROLE is one of/)
    expect((await runCli('members', project, 'add', "eve'; DROP TABLE x")).err).toMatch(/NAME is/)
    expect((await runCli('members', project, 'promote', 'eve')).err).toMatch(/expected list, add or remove/)
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-members-other-'))
    try {
      const r = await runCli('members', other, 'add', 'eve')
      expect(r.code).toBe(1)
      expect(r.err).toMatch(/is not a project of this database yet/)
    } finally {
      fs.rmSync(other, { recursive: true, force: true })
    }
    expect(await rows()).toEqual([{ member: 'slate_u_bob', role: 'viewer' }])
  })
})
