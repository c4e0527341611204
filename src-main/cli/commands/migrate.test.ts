import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli'
import { defaultMigrationsDir } from '../../store/migrations'

/** `slate migrate` and `slate status` in-process, on an embedded database in a temp data folder. */
describe('slate migrate / slate status (embedded)', () => {
  let dataDir: string
  let migrationsDir: string
  const envBefore = { ...process.env }

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-migrate-'))
    migrationsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-migrations-'))
    for (const f of fs.readdirSync(defaultMigrationsDir())) fs.copyFileSync(path.join(defaultMigrationsDir(), f), path.join(migrationsDir, f))
    process.env.SLATE_DATA_DIR = dataDir
    process.env.SLATE_MIGRATIONS_DIR = migrationsDir
    delete process.env.SLATE_DATABASE_URL
    delete process.env.SLATE_REDIS_URL
    delete process.env.SLATE_NATS_URL
  })
  afterAll(() => {
    process.env = envBefore
    fs.rmSync(dataDir, { recursive: true, force: true })
    fs.rmSync(migrationsDir, { recursive: true, force: true })
  })

  const run = runCli


  it('applies everything once; the second run is a no-op', async () => {
    const first = await run('migrate', '--json')
    expect(first.code).toBe(0)
    expect(JSON.parse(first.out).applied).toContain('0001_core_tables.sql')
    const second = await run('migrate', '--json')
    expect(JSON.parse(second.out).applied).toEqual([])
    const status = await run('migrate', '--status')
    expect(status.out).not.toMatch(/pending|modified/)
  })

  it('slate status --json shows the mode, health and pending sync', async () => {
    const r = await run('status', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(j.health).toMatchObject({ mode: 'embedded', database: { state: 'ok' }, cache: { state: 'ok' }, bus: { state: 'ok' }, pendingSync: 0 })
    expect(j.data.migrations.pending).toBe(0)
  })

  it('refuses an edited applied migration, naming the file, with a non-zero exit', async () => {
    fs.appendFileSync(path.join(migrationsDir, '0003_build_steps_and_packed_assets.sql'), '\n-- edited\n')
    const r = await run('migrate')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/slate migrate: migration 0003_build_steps_and_packed_assets\.sql was changed after it was applied/)
    expect((await run('migrate', '--status')).code).toBe(1)
  })
})

describe('slate status never writes', () => {
  const envBefore = { ...process.env }
  let dataDir: string
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-cli-status-'))
    process.env.SLATE_DATA_DIR = dataDir
    delete process.env.SLATE_MIGRATIONS_DIR
    delete process.env.SLATE_DATABASE_URL
    delete process.env.SLATE_REDIS_URL
    delete process.env.SLATE_NATS_URL
  })
  afterAll(() => {
    process.env = envBefore
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  it('on a database that needs migrations it says so and applies none; slate migrate then does', async () => {
    const say = runCli
    const total = fs.readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql')).length
    const first = await say('status')
    expect(first.out).toContain(`the database needs ${total} migration${total > 1 ? 's' : ''}: run slate migrate`)
    // Asking again gives the same answer: the first status changed nothing.
    expect((await say('status', '--json')).out).toContain(`"pending": ${total}`)
    expect((await say('migrate')).code).toBe(0)
    expect((await say('status')).out).toContain('none pending')
  })
})
