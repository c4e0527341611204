import pg from 'pg'
import { Database } from '../db'

/**
 * A fresh, uniquely named database on the team PostgreSQL of this machine (services.md), dropped
 * again by `drop()`. Tests never assume they own the server: they only touch their own database.
 */
export const TEST_PG_ADMIN_URL = process.env.SLATE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface TestDatabase {
  name: string
  url: string
  db: Database
  drop(): Promise<void>
}

export function urlFor(adminUrl: string, dbName: string): string {
  const u = new URL(adminUrl)
  u.pathname = `/${dbName}`
  return u.toString()
}

export async function createTestDatabase(prefix = 'slate_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`)
  } finally {
    await admin.end()
  }
  const url = urlFor(TEST_PG_ADMIN_URL, name)
  const db = new Database({ url, label: `test PostgreSQL ${name}` })
  return {
    name,
    url,
    db,
    async drop() {
      await db.close()
      const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL })
      await c.connect()
      try {
        await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)
      } finally {
        await c.end()
      }
    },
  }
}

/** Poll until check() is truthy, at most timeoutMs. For conditions no event announces. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000, everyMs = 25): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await check()
      if (v) return v as NonNullable<T>
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`)
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
