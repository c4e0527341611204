import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyRuntimeLogs, listRuntimeLogs } from './bulk'
import { CopyValueError, pgMicros } from './copy-binary'
import { migrate } from './migrations'
import { projects, runtimeSessions } from './tables'
import { createTestDatabase, type TestDatabase } from './testing/test-database'

/**
 * The binary COPY encoder lays out uuids and timestamps itself, so it must read every value the
 * way PostgreSQL's own input functions read the same text — checked against the real server.
 */
describe('binary COPY values (against PostgreSQL)', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
    await migrate(t.db)
  })
  afterAll(async () => {
    await t?.drop()
  })

  /** PostgreSQL's reading of a timestamptz text, as microseconds since 2000-01-01 UTC (null when it refuses it) */
  async function pgReads(texts: string[]): Promise<(bigint | null)[]> {
    const out: (bigint | null)[] = []
    for (const s of texts) {
      try {
        // extract(epoch …) is numeric (exact) since PostgreSQL 14; compared as bigint, never as a double
        const r = await t.db.query<{ us: string }>(`SELECT ((extract(epoch FROM $1::timestamptz) * 1000000) - 946684800000000)::bigint::text AS us`, [s])
        out.push(BigInt(r.rows[0].us))
      } catch {
        out.push(null)
      }
    }
    return out
  }

  it('reads RFC 3339 date-times exactly as PostgreSQL does: fractions of 1–9 digits (rounded as PostgreSQL rounds), zones, leap days, years 1–9999', async () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0')
    const stamp = fc
      .record({
        y: fc.oneof(fc.integer({ min: 1970, max: 2200 }), fc.integer({ min: 1, max: 9999 })),
        mo: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 31 }),
        h: fc.integer({ min: 0, max: 23 }),
        mi: fc.integer({ min: 0, max: 59 }),
        s: fc.integer({ min: 0, max: 59 }),
        // ties (…5 in the 7th place) are where a double and exact decimal rounding part
        frac: fc.option(fc.oneof(fc.stringMatching(/^\d{1,9}$/), fc.stringMatching(/^\d{6}5\d{0,2}$/)), { nil: undefined }),
        sep: fc.constantFrom('T', ' ', 't'),
        zone: fc.constantFrom('Z', 'z', '+00:00', '+05:30', '-08:00', '+0200', '-11', '+14:00', '-00:45'),
      })
      .map((r) => `${pad(r.y, 4)}-${pad(r.mo, 2)}-${pad(r.d, 2)}${r.sep}${pad(r.h, 2)}:${pad(r.mi, 2)}:${pad(r.s, 2)}${r.frac === undefined ? '' : `.${r.frac}`}${r.zone}`)
    const edge = [
      '2024-02-29T23:59:59.9999995Z', // rounds up into the next day
      '2024-02-29T00:00:00.0000005Z', // a tie: to even (0)
      '2024-02-29T00:00:00.0000015Z', // a tie: to even (2)
      '2024-02-29T00:00:00.00000150001Z',
      '2000-01-01T00:00:00Z',
      '1999-12-31T23:59:59.999999Z',
      '2026-01-01T00:00Z', // no seconds
      '2100-12-31T12:00:00+01:00',
      '9999-12-31T23:59:59.999999Z', // beyond a double's exact microseconds
      '0001-01-01T00:00:00.000001Z',
      '2300-01-01T00:00:00.000001Z',
      '2024-02-29T00:00:00.5147365Z',
    ]
    const samples = [...edge, ...fc.sample(stamp, 600)]
    const ours = samples.map((s) => pgMicros(s))
    const theirs = await pgReads(samples)
    for (let i = 0; i < samples.length; i++) expect([samples[i], ours[i]]).toEqual([samples[i], theirs[i]])
  })

  it('refuses the date-times PostgreSQL refuses (no such day, month 13, hour 24 with minutes, a broken zone)', async () => {
    const bad = ['0000-06-01T00:00:00Z', '2026-01-01T10:00:00,5Z', '2026-02-31T00:00:00Z', '2023-02-29T00:00:00Z', '2100-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-04-31T00:00:00Z', '2026-01-01T24:30:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:00+99:00']
    expect(bad.map((s) => pgMicros(s))).toEqual(bad.map(() => null))
    expect(await pgReads(bad)).toEqual(bad.map(() => null))
    // and what it reads but a log line never carries (no zone, words) is refused here, not guessed
    expect(['2026-01-01T10:00:00', 'now', 'yesterday', ''].map((s) => pgMicros(s))).toEqual([null, null, null, null])
  })

  it('stores uuids of any case and with or without dashes as PostgreSQL reads them, and text of any length and script unchanged', async () => {
    const p = await projects.create(t.db, { name: 'binary', ownerId: 'o' })
    const s = await runtimeSessions.create(t.db, { projectId: p.id, userId: 'u', runtimeType: 'unity' })
    const ids = ['0190A1B2-C3D4-7E5F-8A9B-0C1D2E3F4A5B', '0190a1b2c3d47e5f8a9b0c1d2e3f4a5c', '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5d']
    const messages = ['é', 'Ünïcödé ' + 'ж'.repeat(300), 'a'.repeat(255) + '€', 'x'.repeat(70_000), '😀 emoji\tand tab', '']
    const rows = messages.map((message, i) => ({ id: ids[i], sessionId: s.id.toUpperCase(), level: 'info' as const, message, timestamp: `2026-03-0${i + 1}T10:00:00.5+02:00`, metadata: { k: 'ümlaut', n: i } }))
    await t.db.tx((tx) => copyRuntimeLogs(tx.client, rows))
    const back = await listRuntimeLogs(t.db, s.id)
    const expectedIds = (await t.db.query<{ id: string }>('SELECT unnest($1::uuid[])::text AS id', [ids])).rows.map((r) => r.id)
    expect(back.map((l) => l.id)).toEqual([...expectedIds, ...back.slice(3).map((l) => l.id)])
    expect(back.map((l) => l.message)).toEqual(messages)
    expect(back.map((l) => new Date(l.timestamp).toISOString())).toEqual(messages.map((_, i) => `2026-03-0${i + 1}T08:00:00.500Z`))
    expect(back.map((l) => l.metadata)).toEqual(messages.map((_, i) => ({ k: 'ümlaut', n: i })))
  })

  it('a value it cannot lay out fails the batch as a data exception, before anything is sent', async () => {
    const p = await projects.create(t.db, { name: 'bad', ownerId: 'o' })
    const s = await runtimeSessions.create(t.db, { projectId: p.id, userId: 'u', runtimeType: 'unity' })
    for (const bad of [{ sessionId: '' }, { id: 'not-a-uuid' }, { id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5g' }, { timestamp: '2026-02-31T00:00:00Z' }]) {
      const err = await t.db.tx((tx) => copyRuntimeLogs(tx.client, [{ sessionId: s.id, level: 'info', message: 'bad', ...bad }, { sessionId: s.id, level: 'info', message: 'ok' }])).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(CopyValueError)
      expect((err as CopyValueError).code).toMatch(/^22/)
    }
    expect(await listRuntimeLogs(t.db, s.id)).toEqual([])
  })
})
