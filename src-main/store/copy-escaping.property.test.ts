import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomUUID } from 'node:crypto'
import { copyRuntimeLogs, listRuntimeLogs } from './bulk'
import { writeAssetLogs } from './log-tables'
import { migrate } from './migrations'
import { projects, runtimeSessions } from './tables'
import { createTestDatabase, type TestDatabase } from './testing/test-database'

// PostgreSQL text cannot hold NUL: the log parser strips it before it gets here
const text = fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => s.split(String.fromCharCode(0)).join(''))
const special = fc.constantFrom('\\N', '\\', '\t', '\n', '\r\n', '\\\\t', 'é\u2028')
const message = fc.array(fc.oneof(text, special), { maxLength: 5 }).map((parts) => parts.join(''))
const lines = fc.array(fc.tuple(message, fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 3 })), { minLength: 1, maxLength: 20 })

/**
 * Whatever a game logs (tabs, backslashes, newlines, \N, unicode) comes back from COPY unchanged:
 * in the binary format (runtime lines) and in the text format with its escapes (asset-processing
 * lines, copyRows).
 */
describe('COPY round-trips (property, team PostgreSQL)', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
    await migrate(t.db)
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('binary: round-trips arbitrary messages and metadata', async () => {
    const p = await projects.create(t.db, { name: 'copy', ownerId: 'o' })
    await fc.assert(
      fc.asyncProperty(lines, async (lines) => {
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

  it('text: round-trips arbitrary messages and metadata through the escapes', async () => {
    await fc.assert(
      fc.asyncProperty(lines, async (lines) => {
        const batchId = randomUUID()
        const rows = lines.map(([m, meta], i) => ({ id: randomUUID(), batchId, assetId: null, level: 'info' as const, message: m, source: 'a\tb\\c', metadata: meta, timestamp: new Date(1_700_000_000_000 + i).toISOString() }))
        expect((await writeAssetLogs(t.db, rows)).written).toBe(rows.length)
        const back = (await t.db.query<{ message: string; source: string; metadata: unknown }>('SELECT message, source, metadata FROM slate_asset_logs WHERE batch_id = $1 ORDER BY "timestamp"', [batchId])).rows
        expect(back.map((l) => l.message)).toEqual(rows.map((l) => l.message))
        expect(back.map((l) => l.source)).toEqual(rows.map(() => 'a\tb\\c'))
        expect(back.map((l) => l.metadata)).toEqual(rows.map((l) => JSON.parse(JSON.stringify(l.metadata))))
      }),
      { numRuns: 60 },
    )
  })
})
