import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultMigrationsDir, migrate, migrationStatus } from './migrations'
import { createTestDatabase, type TestDatabase } from './testing/test-database'

describe('migrations (team PostgreSQL)', () => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await createTestDatabase()
  })
  afterAll(async () => {
    await t?.drop()
  })

  it('applies every migration once; a second run is a no-op', async () => {
    const first = await migrate(t.db)
    expect(first.applied[0]).toBe('0001_core_tables.sql')
    expect(first.applied.length).toBe(fs.readdirSync(defaultMigrationsDir()).length)
    const second = await migrate(t.db)
    expect(second.applied).toEqual([])
    expect(second.alreadyApplied).toBe(first.applied.length)
    const status = await migrationStatus(t.db)
    expect(status.every((s) => s.state === 'applied')).toBe(true)
  })

  it('two processes migrating at once do not race (advisory lock)', async () => {
    const other = await createTestDatabase()
    try {
      const results = await Promise.all([migrate(other.db), migrate(other.db), migrate(other.db)])
      const total = results.reduce((n, r) => n + r.applied.length, 0)
      expect(total).toBe(fs.readdirSync(defaultMigrationsDir()).length)
    } finally {
      await other.drop()
    }
  })

  it('refuses an applied migration whose file was edited, naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-mig-'))
    try {
      for (const f of fs.readdirSync(defaultMigrationsDir())) fs.copyFileSync(path.join(defaultMigrationsDir(), f), path.join(dir, f))
      fs.appendFileSync(path.join(dir, '0002_asset_dependencies.sql'), '\n-- an innocent-looking edit\n')
      await expect(migrate(t.db, dir)).rejects.toThrow(/0002_asset_dependencies\.sql was changed after it was applied/)
      const status = await migrationStatus(t.db, dir)
      expect(status.find((s) => s.version === 2)?.state).toBe('modified')
      // a new migration alongside the edited one is not applied either
      fs.writeFileSync(path.join(dir, '0099_new.sql'), 'CREATE TABLE slate_never (id int);')
      await expect(migrate(t.db, dir)).rejects.toThrow(/0002_asset_dependencies\.sql/)
      const exists = await t.db.query(`SELECT to_regclass('slate_never') AS t`)
      expect(exists.rows[0].t).toBeNull()
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a failing migration rolls back completely and is reported by file name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-mig-'))
    try {
      for (const f of fs.readdirSync(defaultMigrationsDir())) fs.copyFileSync(path.join(defaultMigrationsDir(), f), path.join(dir, f))
      fs.writeFileSync(path.join(dir, '0098_broken.sql'), 'CREATE TABLE slate_half (id int); SELECT no_such_function();')
      await expect(migrate(t.db, dir)).rejects.toThrow(/0098_broken\.sql failed/)
      const exists = await t.db.query(`SELECT to_regclass('slate_half') AS t`)
      expect(exists.rows[0].t).toBeNull()
      expect((await migrationStatus(t.db, dir)).find((s) => s.version === 98)?.state).toBe('pending')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
