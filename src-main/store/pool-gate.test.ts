import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database } from './db'
import { createTestDatabase, type TestDatabase } from './testing/test-database'
import { isConnectionError } from './db'

// A burst far larger than the pool, on the real PostgreSQL of this machine: with pg's own queue,
// waiting for a free client counted against the connect timeout, and the burst ended in
// "timeout exceeded when trying to connect" (an `internal` error that also looks like the server
// being down). Behind the gate every call waits its turn; a full queue is refused as `busy`.
let test: TestDatabase
beforeAll(async () => {
  test = await createTestDatabase('slate_gate')
})
afterAll(() => test?.drop())

const burst = (db: Database, n: number) =>
  Promise.allSettled(Array.from({ length: n }, (_, i) => db.query<{ n: number }>('SELECT $1::int AS n, pg_sleep(0.001)', [i])))

describe('database pool under a burst', () => {
  it('answers 5,000 concurrent queries on a pool of 2 with a 1 s connect timeout', async () => {
    const db = new Database({ url: test.url, label: 'test PostgreSQL', max: 2, connectTimeoutMs: 1000 })
    try {
      const results = await burst(db, 5000)
      const failed = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
      expect(failed.map((f) => String(f.reason?.message)).slice(0, 3)).toEqual([])
      expect((results[4999] as PromiseFulfilledResult<{ rows: { n: number }[] }>).value.rows[0].n).toBe(4999)
      // Transactions share the same slots and still work after the burst.
      expect(await db.tx(async (tx) => (await tx.query<{ one: number }>('SELECT 1 AS one')).rows[0].one)).toBe(1)
    } finally {
      await db.close()
    }
  })

  it('refuses what is over the waiting bound at once, as `busy`, and serves the rest', async () => {
    const db = new Database({ url: test.url, label: 'test PostgreSQL', max: 2, maxWaiting: 100 })
    try {
      const results = await burst(db, 1000)
      const ok = results.filter((r) => r.status === 'fulfilled').length
      const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[]
      expect(ok).toBe(102) // two running, a hundred waiting
      expect(refused).toHaveLength(898)
      for (const r of refused) {
        expect(r.reason).toMatchObject({ code: 'busy', message: expect.stringMatching(/test PostgreSQL is busy.*Try again/) })
        // "busy" is not "unreachable": team mode must not go offline because of it.
        expect(isConnectionError(r.reason)).toBe(false)
      }
      expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1)
    } finally {
      await db.close()
    }
  })

  it('refuses a caller that waited longer than the bound', async () => {
    const db = new Database({ url: test.url, label: 'test PostgreSQL', max: 1, maxWaitMs: 50 })
    try {
      // The only slot is held by a transaction until the waiter has been refused.
      let refusedFirst: unknown = null
      await db.tx(async () => {
        refusedFirst = await db.query('SELECT 1').then(
          () => null,
          (e: unknown) => e,
        )
      })
      expect(refusedFirst).toMatchObject({ code: 'busy', message: /no connection became free within 50 ms/ })
    } finally {
      await db.close()
    }
  })
})
