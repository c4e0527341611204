import type * as D from '../../src-shared/types-data'
import type { Bus } from '../bus/bus'
import type { EntityEvent, EntityKind, Subjects, EntityChange } from '../bus/subjects'
import { cacheKey, type Cache } from '../cache/cache'
import * as bulk from './bulk'
import { isConnectionError, type Database, type Queryable, type Tx } from './db'
import { EntityStore, projectCascade, type Announcement, type WriteRouter } from './entity-store'
import { mirrorChanges, queueChanges, type Change } from './changes'
import type { Applied, DataRoute, MirrorOfRead, ReadSource } from './data-route'
import { kindOf, pendingCount, pullMirror, replayOutbox } from './sync'
import * as T from './tables'

export interface DataStoreOptions {
  /** where writes go: the team database in team mode, the embedded one in solo mode */
  primary: Database
  /** team mode: the embedded database that mirrors the team's and holds the outbox. null in solo mode. */
  local: Database | null
  cache: Cache
  bus: Bus
  subjects: Subjects
  /** identifies this SLATE instance in events */
  clientId: string
  /** team mode: run once before the first replay after start (migrate the team database) */
  prepareRemote?: () => Promise<void>
}

export interface SyncState {
  online: boolean
  pending: number
  lastSyncAt: string | null
  lastError: string | null
  /** the last copy of a write into the local mirror that failed (null once one succeeds again) */
  mirrorError: string | null
}

/**
 * The data layer the rest of SLATE uses. Solo mode: one embedded database. Team mode: the team's
 * database while it answers; when it does not, reads come from the embedded mirror and writes land
 * there plus in the outbox, and the sync loop replays them once the server is back. While the
 * outbox is not empty every write goes through it, so that replay order is write order.
 *
 * Domain events (bus) are published after the transaction commits; each one also invalidates this
 * instance's cache directly, so a write is visible to its writer even with the bus down.
 */
export class DataStore implements WriteRouter, DataRoute {
  readonly projects: EntityStore<D.Project, T.ProjectCreate, T.ProjectPatch, T.ProjectFilter>
  readonly files: EntityStore<D.FileRecord, T.FileCreate, T.FilePatch, T.FileFilter>
  readonly runtimeSessions: EntityStore<D.RuntimeSession, T.RuntimeSessionCreate, T.RuntimeSessionPatch, T.RuntimeSessionFilter>
  readonly buildJobs: EntityStore<D.BuildJob, T.BuildJobCreate, T.BuildJobPatch, T.BuildJobFilter>

  private online = true
  private pending = 0
  private lastSyncAt: string | null = null
  private lastError: string | null = null
  private mirrorError: string | null = null
  private syncing: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private remotePrepared = false
  private readonly stateListeners = new Set<(s: SyncState) => void>()

  constructor(readonly opts: DataStoreOptions) {
    const c = opts.cache
    this.projects = new EntityStore('project', T.projects, this, c, projectCascade)
    this.files = new EntityStore('file', T.files, this, c)
    this.runtimeSessions = new EntityStore('runtimeSession', T.runtimeSessions, this, c)
    this.buildJobs = new EntityStore('buildJob', T.buildJobs, this, c)
  }

  get mode(): 'embedded' | 'team' {
    return this.opts.local ? 'team' : 'embedded'
  }

  /** The database reads and writes use right now. */
  private get current(): Database {
    return this.opts.local && (!this.online || this.pending > 0) ? this.opts.local : this.opts.primary
  }

  get syncState(): SyncState {
    return { online: this.online, pending: this.pending, lastSyncAt: this.lastSyncAt, lastError: this.lastError, mirrorError: this.mirrorError }
  }

  onSyncState(fn: (s: SyncState) => void): () => void {
    this.stateListeners.add(fn)
    return () => this.stateListeners.delete(fn)
  }

  private setState(patch: Partial<{ online: boolean; pending: number; lastError: string | null; mirrorError: string | null }>): void {
    const before = JSON.stringify(this.syncState)
    if (patch.online !== undefined) this.online = patch.online
    if (patch.pending !== undefined) this.pending = patch.pending
    if (patch.lastError !== undefined) this.lastError = patch.lastError
    if (patch.mirrorError !== undefined) this.mirrorError = patch.mirrorError
    if (JSON.stringify(this.syncState) !== before) for (const fn of this.stateListeners) fn(this.syncState)
  }

  // --- WriteRouter ------------------------------------------------------------------------------

  /**
   * Run a read on the team database, or the mirror when it is away. `mirror` says what of the
   * result to copy into the mirror (team mode, read from the team database): what the user has
   * seen can be read and edited offline (an offline update can only change a row the mirror has).
   */
  async read<T>(op: (q: Queryable, from: ReadSource) => Promise<T>, mirror?: MirrorOfRead<T>): Promise<T> {
    const db = this.current
    const local = this.opts.local
    try {
      if (db !== this.opts.primary) return await op(db, this.mirrorSource())
      const result = await op(db.reader, { label: db.label, mirror: false })
      if (mirror && local) {
        await (async () => {
          const changes = typeof mirror === 'function' ? await mirror(result, db.reader, local) : [{ kind: 'rows' as const, table: mirror.table, rows: mirror.rows(result) }]
          await mirrorChanges(local, this.opts.primary, changes)
          this.mirrorSucceeded()
        })().catch((err: unknown) => this.mirrorFailed(err))
      }
      return result
    } catch (err) {
      if (!local || db === local || !isConnectionError(err)) throw err
      this.wentOffline(err)
      return op(local, this.mirrorSource())
    }
  }

  private mirrorSource(): ReadSource {
    return { label: this.online ? 'local mirror (changes waiting to sync)' : 'local mirror (team server unreachable)', mirror: true }
  }

  /** Entity writes (EntityStore): the rows written are the change. */
  write<R extends { id: string }>(table: string, op: (tx: Tx) => Promise<{ rows: R[]; announce: Announcement[] }>): Promise<R[]> {
    return this.apply(async (tx) => {
      const out = await op(tx)
      return { result: out.rows, changes: [{ kind: 'rows', table, rows: out.rows }], announce: out.announce }
    })
  }

  /**
   * Every write: on the team database while it answers, then its changes copied into the mirror (a
   * mirror failure does not fail the write: it is logged and shown in health); when the team
   * database does not answer (or the outbox is not empty), on the embedded one with its changes
   * queued in the outbox in the same transaction. Solo mode: the one database. Ids are assigned by
   * the callers before the first attempt, so a write whose commit was lost with the connection is
   * not doubled by its replay.
   */
  async apply<R>(op: (tx: Tx) => Promise<Applied<R>>): Promise<R> {
    const local = this.opts.local
    const changesOf = async (tx: Tx, out: Applied<R>): Promise<Change[]> => (typeof out.changes === 'function' ? out.changes(tx) : (out.changes ?? []))
    if (!local || this.current === this.opts.primary) {
      try {
        const { result, changes } = await this.opts.primary.tx(async (tx) => {
          const out = await op(tx)
          tx.afterCommit(() => this.publish(out.announce ?? []))
          return { result: out.result, changes: local ? await changesOf(tx, out) : [] }
        })
        if (local && changes.length) {
          await mirrorChanges(local, this.opts.primary, changes).then(
            () => this.mirrorSucceeded(),
            (err: unknown) => this.mirrorFailed(err),
          )
        }
        return result
      } catch (err) {
        if (!local || !isConnectionError(err)) throw err
        this.wentOffline(err)
        // the write may or may not have reached the server: the outbox replay is idempotent either way
      }
    }
    const { result, queued } = await local.tx(async (tx) => {
      const out = await op(tx)
      const n = await queueChanges(tx, await changesOf(tx, out))
      tx.afterCommit(() => this.publish(out.announce ?? []))
      return { result: out.result, queued: n }
    })
    if (queued) this.setState({ pending: this.pending + queued })
    return result
  }

  /**
   * A bulk or replace-style write (see apply): `change` describes what was written, for the
   * outbox and, when it is a replacement or a batch kept in the mirror, for the mirror.
   */
  private writeBatch<R>(change: Change | null, op: (tx: Tx) => Promise<R>): Promise<R> {
    return this.apply(async (tx) => ({ result: await op(tx), changes: change ? [change] : [] }))
  }

  private mirrorFailed(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err)
    if (message !== this.mirrorError) console.error(`slate: copying a write into the local mirror failed (offline reads will lack it): ${message}`)
    this.setState({ mirrorError: message })
  }

  private mirrorSucceeded(): void {
    if (this.mirrorError !== null) this.setState({ mirrorError: null })
  }

  /** Invalidate our own cache now, then tell every other instance through the bus. */
  private publish(announcements: Announcement[]): void {
    if (announcements.length === 0) return
    void this.opts.cache.del(...announcements.map((a) => cacheKey(a.kind, a.row.id))).catch(() => undefined)
    for (const a of announcements) this.announce(a.kind, a.row, a.change)
  }

  private announce(kind: EntityKind, row: { id: string; updatedAt?: string }, change: EntityChange): void {
    const event: EntityEvent = { kind, id: row.id, change, updatedAt: row.updatedAt ?? null, origin: this.opts.clientId }
    try {
      this.opts.bus.publish(this.opts.subjects.entity(kind, row.id, change), event)
    } catch (err) {
      console.error('slate: could not publish', kind, change, err)
    }
  }

  /** Start offline (the team server did not answer at start); the sync loop brings it back. */
  markOffline(err: unknown): void {
    this.wentOffline(err)
  }

  private wentOffline(err: unknown): void {
    if (this.online) console.error(`slate: team database unreachable (${err instanceof Error ? err.message : String(err)}); working from the local mirror`)
    this.setState({ online: false, lastError: err instanceof Error ? err.message : String(err) })
  }

  // --- sync -------------------------------------------------------------------------------------

  /** Team mode: check the server, replay the outbox, pull the mirror. Never throws. Concurrent calls share one run. */
  sync(): Promise<void> {
    if (!this.opts.local) return Promise.resolve()
    this.syncing ??= this.syncOnce().finally(() => (this.syncing = null))
    return this.syncing
  }

  private async syncOnce(): Promise<void> {
    const local = this.opts.local!
    const remote = this.opts.primary
    try {
      await remote.query('SELECT 1')
      if (!this.remotePrepared) {
        await this.opts.prepareRemote?.()
        this.remotePrepared = true
      }
    } catch (err) {
      this.wentOffline(err)
      this.setState({ pending: await pendingCount(local).catch(() => this.pending) })
      return
    }
    try {
      for (;;) {
        const r = await replayOutbox(local, remote, (rows) =>
          this.publish(rows.map(({ table, row }) => ({ kind: kindOf(table), row, change: 'updated' as const })).filter((a) => a.kind !== null) as Announcement[]),
        )
        const pending = await pendingCount(local)
        if (r.interrupted) {
          this.wentOffline(new Error(r.error))
          this.setState({ pending })
          return
        }
        // writes made during the replay went to the outbox too: loop until it is empty, then go online
        if (pending === 0) {
          this.setState({ online: true, pending: 0, lastError: null })
          break
        }
        this.setState({ pending })
        if (r.replayed + r.skipped === 0) break // only parked (failing) entries are left
      }
      await pullMirror(local, remote, (table, ids) => {
        const kind = kindOf(table)
        if (kind) void this.opts.cache.del(...ids.map((id) => cacheKey(kind, id))).catch(() => undefined)
      })
      this.lastSyncAt = new Date().toISOString()
    } catch (err) {
      if (isConnectionError(err)) this.wentOffline(err)
      else {
        this.setState({ lastError: err instanceof Error ? err.message : String(err) })
        console.error('slate: sync failed:', err)
      }
    }
  }

  /** Sync every intervalMs (team mode). */
  startSyncLoop(intervalMs = 3000): void {
    if (!this.opts.local || this.timer) return
    void this.sync()
    this.timer = setInterval(() => void this.sync(), intervalMs)
    this.timer.unref()
  }

  async refreshPending(): Promise<number> {
    if (this.opts.local) this.setState({ pending: await pendingCount(this.opts.local) })
    return this.pending
  }

  // --- batch paths the app writes (see ./bulk.ts) --------------------------------------------

  /**
   * Runtime log lines with COPY (call once per flush of the log buffer, any size). In team mode
   * with the server unreachable the batch goes into the local database and, as one entry, into the
   * outbox; ids are assigned here (UUIDv7) so the replay inserts each line once.
   */
  addRuntimeLogs(logs: bulk.RuntimeLogInput[]): Promise<number> {
    const now = new Date().toISOString()
    const rows = logs.map((l) => ({ ...l, id: l.id ?? bulk.uuidv7(), timestamp: l.timestamp ?? now }))
    return this.writeBatch(batch('slate_runtime_logs', rows), (tx) => bulk.copyRuntimeLogs(tx.client, rows))
  }

  listRuntimeLogs(sessionId: string, opts?: { levels?: D.LogLevel[]; after?: bulk.LogCursor; limit?: number }): Promise<D.RuntimeLog[]> {
    return this.read((q) => bulk.listRuntimeLogs(q, sessionId, opts))
  }

  addAnalyticsEvents(events: bulk.AnalyticsEventInput[]): Promise<number> {
    const now = new Date().toISOString()
    const rows = events.map((e) => ({ ...e, id: e.id ?? bulk.uuidv7(), occurredAt: e.occurredAt ?? now }))
    return this.writeBatch(batch('slate_analytics_events', rows), (tx) => bulk.insertAnalyticsEvents(tx, rows))
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.syncing
  }
}

/**
 * An append-only batch as a change: queued offline, not copied into the mirror online (the server
 * has it, and log-like batches are the largest writes; the builds' history mirrors its own).
 */
function batch(table: string, rows: { id: string }[]): Change | null {
  return rows.length ? { kind: 'batch', table, rows, mirror: false } : null
}
