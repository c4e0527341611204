import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Database } from './db'
import { EmbeddedPostgres } from './embedded-postgres'
import { migrate } from './migrations'
import { projects } from './tables'

/** One data folder (one cluster) for the whole file: initdb is the slow part. */
describe('embedded PostgreSQL', () => {
  let dataDir: string
  let server: EmbeddedPostgres | undefined

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slate-embedded-'))
  })
  afterAll(async () => {
    await server?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })

  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = new Database({ url: server!.url, label: server!.label })
    try {
      return await fn(db)
    } finally {
      await db.close()
    }
  }

  it('creates a cluster in the data folder on first start, listening on loopback only', async () => {
    server = await EmbeddedPostgres.start({ dataDir })
    expect(server.created).toBe(true)
    expect(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true)
    expect(fs.statSync(path.join(dataDir, 'pg-password')).mode & 0o077).toBe(0)
    await withDb(async (db) => {
      const r = await db.query<{ a: string; v: string }>(`SELECT current_setting('listen_addresses') AS a, current_setting('server_version') AS v`)
      expect(r.rows[0].a).toBe('127.0.0.1')
      expect(Number(r.rows[0].v.split('.')[0])).toBeGreaterThanOrEqual(15)
      await migrate(db)
      await projects.create(db, { name: 'Survives restarts', ownerId: 'u1' })
    })
  })

  it('stops cleanly and starts again warm with the data intact', async () => {
    const firstPort = server!.port
    await server!.stop()
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false)
    server = await EmbeddedPostgres.start({ dataDir })
    expect(server.created).toBe(false)
    expect(server.adopted).toBe(false)
    expect(typeof firstPort).toBe('number')
    await withDb(async (db) => {
      const page = await projects.list(db, { name: 'Survives' })
      expect(page.items.map((p) => p.name)).toEqual(['Survives restarts'])
    })
  })

  it('recovers after the server was killed (crash recovery from the WAL)', async () => {
    process.kill(server!.pid, 'SIGKILL')
    await new Promise<void>((resolve) => {
      const check = () => {
        try {
          process.kill(server!.pid, 0)
          setTimeout(check, 20)
        } catch {
          resolve()
        }
      }
      check()
    })
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true) // stale lock left behind
    server = await EmbeddedPostgres.start({ dataDir })
    await withDb(async (db) => expect((await projects.list(db)).total).toBe(1))
  })

  it('adopts a server left running by a SLATE that died without stopping it', async () => {
    const orphanPid = server!.pid
    // a new SLATE process does not know the old one's child: it finds the live server by its lock file
    const again = await EmbeddedPostgres.start({ dataDir })
    expect(again.adopted).toBe(true)
    expect(again.pid).toBe(orphanPid)
    await withDb(async (db) => expect((await projects.list(db)).total).toBe(1))
  })

  it("borrows a live SLATE's server without stopping it, and takes over a dead owner's", async () => {
    const { spawn } = await import('node:child_process')
    // stand-in for another running SLATE process that owns the server
    const otherSlate = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    try {
      fs.writeFileSync(path.join(dataDir, 'pg-owner'), String(otherSlate.pid))
      const borrowed = await EmbeddedPostgres.start({ dataDir })
      expect(borrowed.adopted).toBe(true)
      expect(borrowed.owned).toBe(false)
      await borrowed.stop()
      await withDb(async (db) => expect((await projects.list(db)).total).toBe(1)) // still running
    } finally {
      otherSlate.kill('SIGKILL')
      await new Promise<void>((resolve) => (otherSlate.exitCode !== null || otherSlate.signalCode ? resolve() : otherSlate.once('exit', () => resolve())))
    }
    const takenOver = await EmbeddedPostgres.start({ dataDir })
    expect(takenOver.adopted).toBe(true)
    expect(takenOver.owned).toBe(true)
    expect(fs.readFileSync(path.join(dataDir, 'pg-owner'), 'utf8')).toBe(String(process.pid))
  })

  it('ignores a lock file whose pid now belongs to another process', async () => {
    await server!.stop()
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid')
    // our own pid: alive, but not a PostgreSQL server
    fs.writeFileSync(pidFile, `${process.pid}\n${path.join(dataDir, 'pg')}\n0\n1\n\n127.0.0.1\n0 0\nready\n`)
    server = await EmbeddedPostgres.start({ dataDir })
    expect(server.adopted).toBe(false)
    await withDb(async (db) => expect((await projects.list(db)).total).toBe(1))
  })
})
