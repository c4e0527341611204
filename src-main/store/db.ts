import pg from 'pg'
import type { ServiceHealth } from '../../src-shared/types'
import { PoolGate } from './pool-gate'

/** Anything that runs a parameterised query: a pool, a pooled client, a transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>
}

/** A transaction: queries run on one client; callbacks given to afterCommit run only once it committed. */
export interface Tx extends Queryable {
  afterCommit(fn: () => void | Promise<void>): void
  /** The raw client, for COPY streams. */
  readonly client: pg.PoolClient
}

const TIMESTAMPTZ_OID = 1184

/**
 * timestamptz as an ISO string with the server's microseconds: `Date` would round to
 * milliseconds, and last-writer-wins compares updated_at across machines, so a replayed row must
 * carry exactly the value it was written with. Sessions run in UTC (see `options` below).
 */
function parseTimestamptz(text: string): string {
  return text.replace(' ', 'T').replace(/\+00(:00)?$/, 'Z')
}

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === TIMESTAMPTZ_OID && format !== 'binary') return parseTimestamptz
    return pg.types.getTypeParser(oid, format as 'text')
  },
} as pg.CustomTypesConfig

export interface DatabaseOptions {
  url: string
  /** Read-only replica for reads (SLATE_DATABASE_REPLICA_URL); reads use the primary without one. */
  replicaUrl?: string
  /** Shown in health and errors: "embedded PostgreSQL on :54012", "team PostgreSQL". */
  label: string
  max?: number
  connectTimeoutMs?: number
  /** Calls that may wait for a pooled connection at once (beyond that: `busy`). */
  maxWaiting?: number
  /** Longest wait for a pooled connection before `busy`. */
  maxWaitMs?: number
}

/** Errors that mean "the server is unreachable", as opposed to "the query is wrong". */
export function isConnectionError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false
  const e = err as { code?: string; message?: string }
  const codes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']
  if (e.code && (codes.includes(e.code) || /^08/.test(e.code) || /^57P0[123]$/.test(e.code))) return true
  const msg = e.message ?? ''
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection refused/i.test(msg)
}

function createPool(url: string, opts: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    options: '-c TimeZone=UTC',
    types: typeParsers,
  })
  // An idle client whose server went away emits 'error' on the pool; unhandled, that would crash
  // the process. The next query reconnects, so logging is all there is to do.
  pool.on('error', (err) => {
    if (!isConnectionError(err)) console.error(`slate: ${opts.label}: idle client error:`, err.message)
  })
  return pool
}

/** A PostgreSQL database (embedded or team) with an optional read replica. */
export class Database implements Queryable {
  readonly pool: pg.Pool
  readonly readPool: pg.Pool
  readonly label: string
  readonly url: string
  /** Bounded waits for a connection (see PoolGate): one per pool. */
  private readonly gate: PoolGate
  private readonly readGate: PoolGate
  readonly reader: Queryable

  constructor(private readonly opts: DatabaseOptions) {
    this.label = opts.label
    this.url = opts.url
    this.pool = createPool(opts.url, opts)
    this.readPool = opts.replicaUrl ? createPool(opts.replicaUrl, opts) : this.pool
    const gateOpts = { label: opts.label, maxWaiting: opts.maxWaiting ?? 20_000, maxWaitMs: opts.maxWaitMs ?? 30_000 }
    this.gate = new PoolGate(opts.max ?? 10, gateOpts)
    this.readGate = this.readPool === this.pool ? this.gate : new PoolGate(opts.max ?? 10, gateOpts)
    const readPool = this.readPool
    const readGate = this.readGate
    // The read side: the replica when configured, else the primary.
    this.reader = {
      query: <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]) => readGate.run(() => readPool.query<R>(text, values)),
    }
  }

  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    return this.gate.run(() => this.pool.query<R>(text, values))
  }

  /**
   * Run fn in a transaction. Domain events are published from afterCommit callbacks so that no
   * subscriber ever hears about a change that was rolled back.
   */
  async tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    // The connection slot is held for the transaction only; after-commit work may query again.
    const { result, after } = await this.gate.run(() => this.txOnClient(fn))
    for (const cb of after) {
      try {
        await cb()
      } catch (err) {
        console.error(`slate: ${this.label}: after-commit callback failed:`, err)
      }
    }
    return result
  }

  private async txOnClient<T>(fn: (tx: Tx) => Promise<T>): Promise<{ result: T; after: (() => void | Promise<void>)[] }> {
    const client = await this.pool.connect()
    // A checked-out client whose server goes away emits 'error' (the pool only listens on idle
    // ones); the failing query rejects too, so the event itself only needs swallowing.
    const onError = () => undefined
    client.on('error', onError)
    const after: (() => void | Promise<void>)[] = []
    const tx: Tx = {
      client,
      query: (text, values) => client.query(text, values),
      afterCommit: (cb) => void after.push(cb),
    }
    let result: T
    try {
      await client.query('BEGIN')
      result = await fn(tx)
      await client.query('COMMIT')
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      client.off('error', onError)
      // a broken connection must not go back to the pool
      client.release(isConnectionError(err) ? (err as Error) : undefined)
      throw err
    }
    client.off('error', onError)
    client.release()
    return { result, after }
  }

  async health(): Promise<ServiceHealth> {
    const t0 = performance.now()
    try {
      await this.pool.query('SELECT 1')
      return { state: 'ok', detail: this.label, latencyMs: Math.round((performance.now() - t0) * 100) / 100 }
    } catch (err) {
      return { state: 'down', detail: this.label, error: err instanceof Error ? err.message : String(err) }
    }
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined)
    if (this.readPool !== this.pool) await this.readPool.end().catch(() => undefined)
  }
}
