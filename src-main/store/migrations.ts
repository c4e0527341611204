import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Database, Queryable } from './db'

/**
 * Forward-only, checksummed SQL migrations. Files are `NNNN_name.sql` in `migrations/`; each runs
 * in its own transaction, all of them under one advisory lock so that two SLATE processes starting
 * against the same team database cannot race. An applied migration whose file changed afterwards
 * is refused: the schema the database has is no longer the schema the file describes.
 */

export interface MigrationFile {
  version: number
  name: string
  file: string
  sql: string
  checksum: string
}

export interface MigrationStatusRow {
  version: number
  name: string
  state: 'applied' | 'pending' | 'modified' | 'missing-file'
  appliedAt: string | null
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MigrationError'
  }
}

/** pg_advisory_lock key: the first 8 bytes of sha256("slate.migrations"), fixed forever. */
const LOCK_KEY = '7325834107164296437'
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/

export function defaultMigrationsDir(): string {
  if (process.env.SLATE_MIGRATIONS_DIR) return path.resolve(process.env.SLATE_MIGRATIONS_DIR)
  const here = path.dirname(fileURLToPath(import.meta.url))
  // source layout (src-main/store) and built layout (out/main) both sit under the package root
  for (const up of ['../..', '..', '../../..']) {
    const candidate = path.resolve(here, up, 'migrations')
    if (fs.existsSync(path.join(candidate, '0001_core_tables.sql'))) return candidate
  }
  return path.resolve(here, '../..', 'migrations')
}

export function checksumOf(sql: string): string {
  // line endings normalised: a Windows checkout of the same file is the same migration
  return crypto.createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex')
}

export function loadMigrations(dir = defaultMigrationsDir()): MigrationFile[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()
  const out: MigrationFile[] = []
  for (const file of files) {
    const m = FILE_PATTERN.exec(file)
    if (!m) throw new MigrationError(`migration file "${file}" is not named NNNN_lower_case_name.sql`)
    const version = Number(m[1])
    if (out.some((o) => o.version === version)) throw new MigrationError(`two migrations have number ${m[1]} ("${file}")`)
    const sql = fs.readFileSync(path.join(dir, file), 'utf8')
    out.push({ version, name: m[2], file, sql, checksum: checksumOf(sql) })
  }
  return out
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS slate_schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  file text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL
)`

interface AppliedRow {
  version: number
  file: string
  checksum: string
  applied_at: string
}

async function readApplied(db: Queryable): Promise<AppliedRow[]> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('slate_schema_migrations')::text AS t`)
  if (!exists.rows[0].t) return []
  const res = await db.query<AppliedRow>('SELECT version, file, checksum, applied_at FROM slate_schema_migrations ORDER BY version')
  return res.rows
}

function verify(applied: AppliedRow[], files: MigrationFile[]): void {
  for (const row of applied) {
    const file = files.find((f) => f.version === row.version)
    if (!file) {
      throw new MigrationError(
        `the database has migration ${row.file} applied, but this SLATE has no such file: the database is newer than this version of SLATE`,
      )
    }
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${file.file} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… in the database, ${file.checksum.slice(0, 12)}… on disk). Migrations are forward only: restore the file and add a new migration instead.`,
      )
    }
  }
}

export interface MigrateResult {
  applied: string[]
  alreadyApplied: number
}

export async function migrate(db: Database, dir = defaultMigrationsDir()): Promise<MigrateResult> {
  const files = loadMigrations(dir)
  const client = await db.pool.connect()
  const onError = () => undefined // a dropped connection rejects the running query; see Database.tx
  client.on('error', onError)
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [LOCK_KEY])
    try {
      await client.query(CREATE_TABLE)
      const applied = await readApplied(client)
      verify(applied, files)
      const done = new Set(applied.map((a) => a.version))
      const newly: string[] = []
      for (const m of files) {
        if (done.has(m.version)) continue
        const t0 = performance.now()
        await client.query('BEGIN')
        try {
          await client.query(m.sql)
          await client.query(
            'INSERT INTO slate_schema_migrations (version, name, file, checksum, duration_ms) VALUES ($1, $2, $3, $4, $5)',
            [m.version, m.name, m.file, m.checksum, Math.round(performance.now() - t0)],
          )
          await client.query('COMMIT')
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined)
          throw new MigrationError(`migration ${m.file} failed: ${err instanceof Error ? err.message : String(err)}`)
        }
        newly.push(m.file)
      }
      return { applied: newly, alreadyApplied: applied.length }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [LOCK_KEY]).catch(() => undefined)
    }
  } finally {
    client.off('error', onError)
    client.release()
  }
}

export async function migrationStatus(db: Database, dir = defaultMigrationsDir()): Promise<MigrationStatusRow[]> {
  const files = loadMigrations(dir)
  const applied = await readApplied(db)
  const rows: MigrationStatusRow[] = files.map((f) => {
    const a = applied.find((x) => x.version === f.version)
    return {
      version: f.version,
      name: f.file,
      state: !a ? 'pending' : a.checksum === f.checksum ? 'applied' : 'modified',
      appliedAt: a ? a.applied_at : null,
    }
  })
  for (const a of applied) {
    if (!files.some((f) => f.version === a.version)) rows.push({ version: a.version, name: a.file, state: 'missing-file', appliedAt: a.applied_at })
  }
  return rows.sort((x, y) => x.version - y.version)
}
