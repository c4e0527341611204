import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyRuntimeLogs, uuidv7, type RuntimeLogInput } from '../store/bulk'
import { migrate } from '../store/migrations'
import { projects, runtimeSessions } from '../store/tables'
import { createTestDatabase, type TestDatabase } from '../store/testing/test-database'
import { PgLogSink } from './log-sink'

/**
 * slate_runtime_logs.session_id is guarded by statement-level triggers, not a foreign key
 * (migration 0020, for COPY speed). These are the foreign key's promises, each checked against
 * the real PostgreSQL.
 */
describe('runtime log lines always belong to a session (real PostgreSQL)', () => {
  let t: TestDatabase
  let projectId: string
  beforeAll(async () => {
    t = await createTestDatabase('slate_logs_integrity')
    await migrate(t.db)
    projectId = (await projects.create(t.db, { name: 'integrity', ownerId: 'test' })).id
  })
  afterAll(() => t?.drop())

  const session = async () => (await runtimeSessions.create(t.db, { projectId, userId: 'test', runtimeType: 'unity' })).id
  const lines = (sessionId: string, n: number): RuntimeLogInput[] => Array.from({ length: n }, (_, i) => ({ id: uuidv7(), sessionId, level: 'info', message: `line ${i}` }))
  const count = async (sessionId: string) => Number((await t.db.query<{ n: string }>('SELECT count(*) AS n FROM slate_runtime_logs WHERE session_id = $1', [sessionId])).rows[0].n)
  const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code)

  it('refuses a batch naming a session that does not exist, with the foreign-key error; the sink keeps the rest and counts the orphans', async () => {
    const real = await session()
    const ghost = '00000000-0000-4000-8000-00000000dead'
    const batch = [...lines(real, 30), ...lines(ghost, 5), ...lines(real, 10)]
    expect(await codeOf(t.db.tx((tx) => copyRuntimeLogs(tx.client, batch)))).toBe('23503')
    expect(await count(real)).toBe(0)

    expect(await new PgLogSink(t.db).write(batch)).toEqual({ written: 40, duplicates: 0, orphans: 5 })
    expect(await count(real)).toBe(40)
    expect(await count(ghost)).toBe(0)
    // an update that moves lines to a session that does not exist is refused too
    expect(await codeOf(t.db.query('UPDATE slate_runtime_logs SET session_id = $1 WHERE session_id = $2', [ghost, real]))).toBe('23503')
  })

  it("deletes a session's lines with it, and no one else's", async () => {
    const [a, b] = [await session(), await session()]
    await t.db.tx((tx) => copyRuntimeLogs(tx.client, [...lines(a, 20), ...lines(b, 7)]))
    await t.db.query('DELETE FROM slate_runtime_sessions WHERE id = $1', [a])
    expect(await count(a)).toBe(0)
    expect(await count(b)).toBe(7)
  })

  it('holds a session while lines of it are being written: its delete waits for that commit', async () => {
    const s = await session()
    const writer = await t.db.pool.connect()
    const deleter = await t.db.pool.connect()
    try {
      await writer.query('BEGIN')
      await copyRuntimeLogs(writer, lines(s, 50))
      await deleter.query('BEGIN')
      await deleter.query("SET LOCAL lock_timeout = '300ms'")
      // the writer holds the session row FOR KEY SHARE, as a foreign key's check does
      expect(await codeOf(deleter.query('DELETE FROM slate_runtime_sessions WHERE id = $1', [s]))).toBe('55P03')
      await deleter.query('ROLLBACK')
      await writer.query('COMMIT')
      expect(await count(s)).toBe(50)
      await deleter.query('DELETE FROM slate_runtime_sessions WHERE id = $1', [s])
      expect(await count(s)).toBe(0)
    } finally {
      writer.release()
      deleter.release()
    }
  })

  it("refuses to change a session's id", async () => {
    const s = await session()
    expect(await codeOf(t.db.query("UPDATE slate_runtime_sessions SET id = '00000000-0000-4000-8000-0000000000ab' WHERE id = $1", [s]))).toBe('23503')
  })

  /**
   * A NOLOGIN role of its own with these grants, and `asRole(fn)` running fn in a transaction as
   * that role (committed when fn returns, rolled back when it throws); the role is dropped after.
   */
  async function withRole(grants: string, body: (asRole: <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>) => Promise<void>) {
    const role = `slate_logs_role_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
    await t.db.query(`CREATE ROLE ${role} NOLOGIN`)
    try {
      await t.db.query(`GRANT ${grants} ON slate_runtime_logs TO ${role}`)
      await body(async (fn) => {
        const c = await t.db.pool.connect()
        try {
          await c.query('BEGIN')
          await c.query(`SET LOCAL ROLE ${role}`)
          const r = await fn(c)
          await c.query('COMMIT')
          return r
        } catch (err) {
          await c.query('ROLLBACK')
          throw err
        } finally {
          c.release()
        }
      })
    } finally {
      await t.db.query(`DROP OWNED BY ${role}`)
      await t.db.query(`DROP ROLE ${role}`)
    }
  }

  it('lets a role that may only insert lines write them, without rights on the sessions table', async () => {
    const s = await session()
    await withRole('INSERT', async (asRole) => {
      expect(await codeOf(asRole((c) => c.query('SELECT 1 FROM slate_runtime_sessions')))).toBe('42501')
      await asRole((c) => copyRuntimeLogs(c, lines(s, 12)))
    })
    expect(await count(s)).toBe(12)
  })

  it('writes lines through row-level security (a team member under the generated policies), where COPY is refused', async () => {
    const s = await session()
    await t.db.query('ALTER TABLE slate_runtime_logs ENABLE ROW LEVEL SECURITY')
    await t.db.query('CREATE POLICY slate_test_members ON slate_runtime_logs FOR ALL USING (true) WITH CHECK (true)')
    try {
      await withRole('INSERT, SELECT', async (asRole) => {
        // the condition itself: PostgreSQL refuses COPY FROM for a role the policies apply to
        expect(await codeOf(asRole((c) => c.query('COPY slate_runtime_logs (session_id, level, message) FROM STDIN WITH (FORMAT csv) -- no data: refused before it is read')))).toBe('0A000')
        const rows = lines(s, 25).map((l, i) => ({ ...l, timestamp: `2026-01-01T00:00:00.${String(i).padStart(6, '0')}Z`, metadata: { stream: 'stderr', tab: 'a\tb' } }))
        expect(await asRole((c) => copyRuntimeLogs(c, rows))).toBe(25)
      })
    } finally {
      await t.db.query('DROP POLICY slate_test_members ON slate_runtime_logs')
      await t.db.query('ALTER TABLE slate_runtime_logs DISABLE ROW LEVEL SECURITY')
    }
    const stored = (await t.db.query<{ message: string; metadata: unknown; ts: string }>(`SELECT message, metadata, to_char("timestamp" AT TIME ZONE 'UTC', 'US') AS ts FROM slate_runtime_logs WHERE session_id = $1 ORDER BY "timestamp"`, [s])).rows
    expect(stored.length).toBe(25)
    expect(stored[3]).toEqual({ message: 'line 3', metadata: { stream: 'stderr', tab: 'a\tb' }, ts: '000003' })
  })
})
