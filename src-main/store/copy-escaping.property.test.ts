import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyRuntimeLogs, listRuntimeLogs } from './bulk'
import { migrate } from './migrations'
import { projects, runtimeSessions } from './tables'
import { createTestDatabase, type TestDatabase } from './testing/test-database'

/** Whatever a game logs (tabs, backslashes, newlines, \N, unicode) comes back from COPY unchanged. */
describe('COPY escaping (property, team PostgreSQL)', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
    await migrate(t.db)
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('round-trips arbitrary messages and metadata', async () => {
    const p = await projects.create(t.db, { name: 'copy', ownerId: 'o' })
    // PostgreSQL text cannot hold NUL: the log parser strips it before it gets here
    const text = fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => s.split(String.fromCharCode(0)).join(''))
    const special = fc.constantFrom('\\N', '\\', '\t', '\n', '\r\n', '\\\\t', 'é\u2028')
    const message = fc.array(fc.oneof(text, special), { maxLength: 5 }).map((parts) => parts.join(''))
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(message, fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 3 })), { minLength: 1, maxLength: 20 }), async (lines) => {
        const s = await runtimeSessions.create(t.db, { projectId: p.id, userId: 'u', runtimeType: 'unity' })
        const logs = lines.map(([m, meta], i) => ({
          sessionId: s.id,
          level: 'info' as const,
          message: m,
          metadata: meta,
          timestamp: new Date(1_700_000_000_000 + i).toISOString(),
        }))
        await t.db.tx((tx) => copyRuntimeLogs(tx.client, logs))
        const back = await listRuntimeLogs(t.db, s.id)
        expect(back.map((l) => l.message)).toEqual(logs.map((l) => l.message))
        expect(back.map((l) => l.metadata)).toEqual(logs.map((l) => JSON.parse(JSON.stringify(l.metadata))))
      }),
      { numRuns: 60 },
    )
  })
})
