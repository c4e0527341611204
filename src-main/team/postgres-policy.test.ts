import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../store/migrations'
import { createTestDatabase, TEST_PG_ADMIN_URL, urlFor, type TestDatabase } from '../store/testing/test-database'
import { loginRole, renderPostgresSql, scramVerifier } from './postgres-policy'

/**
 * The generated roles and row-level security in the loopback PostgreSQL: two developers, two
 * projects, each sees and changes only their own project's rows, and every write leaves an audit
 * row naming who made it. Roles are cluster-wide, so this run's have a unique prefix and are
 * dropped afterwards.
 */
const prefix = `st${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
let test: TestDatabase
const clients: pg.Client[] = []
const P1 = '11111111-1111-4111-8111-111111111111'
const P2 = '22222222-2222-4222-8222-222222222222'

async function as(name: string): Promise<pg.Client> {
  // This machine's server trusts loopback connections, so the login role is chosen by user name;
  // on a team server the SCRAM verifier in the generated SQL checks the password.
  const u = new URL(urlFor(TEST_PG_ADMIN_URL, test.name))
  u.username = loginRole(prefix, name)
  const c = new pg.Client({ connectionString: u.toString() })
  await c.connect()
  clients.push(c)
  return c
}

beforeAll(async () => {
  test = await createTestDatabase('slate_test_rls')
  await migrate(test.db)
  await test.db.query(`INSERT INTO slate_projects (id, name, owner_id) VALUES ($1, 'Boats', 'x'), ($2, 'Planes', 'x')`, [P1, P2])
  await test.db.query(
    `INSERT INTO slate_build_jobs (project_id, user_id, build_type, target_platform) VALUES ($1, 'x', 'development', 'Android'), ($2, 'x', 'development', 'iOS')`,
    [P1, P2],
  )
  // asset-processing lines of a batch in each project, and one of files outside any project
  await test.db.query(
    `INSERT INTO slate_asset_logs (id, project_id, batch_id, level, message) VALUES (gen_random_uuid(), $1, 'b1', 'info', 'boat.png done'), (gen_random_uuid(), $2, 'b2', 'info', 'plane.png done'), (gen_random_uuid(), NULL, 'b3', 'info', 'loose.png done')`,
    [P1, P2],
  )
  const sql = renderPostgresSql(
    [
      { name: 'alice', role: 'developer', verifier: scramVerifier('a-secret') },
      { name: 'bob', role: 'developer', verifier: scramVerifier('b-secret') },
      { name: 'vera', role: 'viewer', verifier: scramVerifier('v-secret') },
    ],
    prefix,
  )
  const owner = new pg.Client({ connectionString: test.url })
  await owner.connect()
  await owner.query(sql)
  // Applying it again is safe (the team re-runs it after adding users or migrations).
  await owner.query(sql)
  await owner.query(`INSERT INTO slate_project_members (project_id, member, role) VALUES ($1, $2, 'developer'), ($3, $4, 'developer'), ($1, $5, 'viewer')`, [
    P1,
    loginRole(prefix, 'alice'),
    P2,
    loginRole(prefix, 'bob'),
    loginRole(prefix, 'vera'),
  ])
  await owner.end()
}, 60_000)

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)))
  await test?.drop()
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL })
  await admin.connect()
  const roles = await admin.query<{ rolname: string }>(`SELECT rolname FROM pg_roles WHERE rolname LIKE $1`, [`${prefix}\\_%`])
  for (const r of roles.rows) await admin.query(`DROP ROLE ${admin.escapeIdentifier(r.rolname)}`)
  await admin.end()
})

describe('team PostgreSQL roles and row-level security', () => {
  it('shows each member only the projects and builds they belong to', async () => {
    const alice = await as('alice')
    const bob = await as('bob')
    expect((await alice.query('SELECT name FROM slate_projects ORDER BY name')).rows.map((r) => r.name)).toEqual(['Boats'])
    expect((await bob.query('SELECT name FROM slate_projects ORDER BY name')).rows.map((r) => r.name)).toEqual(['Planes'])
    expect((await alice.query('SELECT target_platform FROM slate_build_jobs')).rows.map((r) => r.target_platform)).toEqual(['Android'])
    expect((await bob.query('SELECT target_platform FROM slate_build_jobs')).rows.map((r) => r.target_platform)).toEqual(['iOS'])
    // asset-processing lines by their batch's project (migration 0022); a line of no project is no member's
    expect((await alice.query('SELECT message FROM slate_asset_logs')).rows.map((r) => r.message)).toEqual(['boat.png done'])
    expect((await bob.query('SELECT message FROM slate_asset_logs')).rows.map((r) => r.message)).toEqual(['plane.png done'])
  })

  it("refuses writes into another member's project and lets a viewer write nothing", async () => {
    const alice = await as('alice')
    await expect(alice.query(`INSERT INTO slate_build_jobs (project_id, user_id, build_type, target_platform) VALUES ($1, 'alice', 'development', 'WebGL')`, [P2])).rejects.toThrow(/row-level security/)
    const changed = await alice.query(`UPDATE slate_build_jobs SET progress = 50 WHERE project_id = $1`, [P2])
    expect(changed.rowCount).toBe(0) // invisible rows cannot be updated
    const vera = await as('vera')
    expect((await vera.query('SELECT name FROM slate_projects')).rows.map((r) => r.name)).toEqual(['Boats'])
    await expect(vera.query(`UPDATE slate_projects SET description = 'x' WHERE id = $1`, [P1])).rejects.toThrow(/permission denied/)
    await expect(vera.query(`INSERT INTO slate_project_members (project_id, member, role) VALUES ($1, 'me', 'lead')`, [P2])).rejects.toThrow(/permission denied/)
  })

  it('records who made each write in the audit trail', async () => {
    const alice = await as('alice')
    await alice.query(`INSERT INTO slate_build_jobs (project_id, user_id, build_type, target_platform) VALUES ($1, 'alice', 'staging', 'WebGL')`, [P1])
    await alice.query(`UPDATE slate_build_jobs SET status = 'cancelled' WHERE project_id = $1 AND target_platform = 'WebGL'`, [P1])
    const audit = await test.db.query<{ user_id: string; name: string; project_id: string; rows: number }>(
      `SELECT user_id, name, project_id, (properties->>'rows')::int AS rows FROM slate_analytics_events WHERE name LIKE 'audit.%' ORDER BY occurred_at`,
    )
    expect(audit.rows).toEqual([
      { user_id: loginRole(prefix, 'alice'), name: 'audit.slate_build_jobs.insert', project_id: P1, rows: 1 },
      { user_id: loginRole(prefix, 'alice'), name: 'audit.slate_build_jobs.update', project_id: P1, rows: 1 },
    ])
  })

  it('makes the creator of a new project its member', async () => {
    const bob = await as('bob')
    const P3 = '33333333-3333-4333-8333-333333333333'
    await bob.query(`INSERT INTO slate_projects (id, name, owner_id) VALUES ($1, 'Trains', 'bob')`, [P3])
    expect((await bob.query('SELECT name FROM slate_projects ORDER BY name')).rows.map((r) => r.name)).toEqual(['Planes', 'Trains'])
    const alice = await as('alice')
    expect((await alice.query('SELECT name FROM slate_projects WHERE id = $1', [P3])).rowCount).toBe(0)
  })
})
