import type * as D from '../../src-shared/types-data'
import type { Bus } from '../bus/bus'
import type { EntityEvent, EntityKind, Subjects, EntityChange } from '../bus/subjects'
import { cacheKey, type Cache } from '../cache/cache'
import * as bulk from './bulk'
import { isConnectionError, type Database, type Queryable, type Tx } from './db'
import { EntityStore, projectCascade, type Announcement, type WriteRouter } from './entity-store'
import { withReplaying } from './repository'
import { addToOutbox, batchEntry as batch, kindOf, mirrorRows, pendingCount, pullMirror, REPLACE_TABLES, replayOutbox, type OutboxData } from './sync'
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
export class DataStore implements WriteRouter {
  readonly projects: EntityStore<D.Project, T.ProjectCreate, T.ProjectPatch, T.ProjectFilter>
  readonly files: EntityStore<D.FileRecord, T.FileCreate, T.FilePatch, T.FileFilter>
  readonly assets: EntityStore<D.Asset, T.AssetCreate, T.AssetPatch, T.AssetFilter>
  readonly runtimeSessions: EntityStore<D.RuntimeSession, T.RuntimeSessionCreate, T.RuntimeSessionPatch, T.RuntimeSessionFilter>
  readonly buildJobs: EntityStore<D.BuildJob, T.BuildJobCreate, T.BuildJobPatch, T.BuildJobFilter>

  private online = true
  private pending = 0
  private lastSyncAt: string | null = null
  private lastError: string | null = null
  private syncing: Promise<void> | null = null
  private timer: NodeJS.Timeout | null = null
  private remotePrepared = false
  private readonly stateListeners = new Set<(s: SyncState) => void>()

  constructor(readonly opts: DataStoreOptions) {
    const c = opts.cache
    this.projects = new EntityStore('project', T.projects, this, c, projectCascade)
    this.files = new EntityStore('file', T.files, this, c)
    this.assets = new EntityStore('asset', T.assets, this, c)
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
    return { online: this.online, pending: this.pending, lastSyncAt: this.lastSyncAt, lastError: this.lastError }
  }

  onSyncState(fn: (s: SyncState) => void): () => void {
    this.stateListeners.add(fn)
    return () => this.stateListeners.delete(fn)
  }

  private setState(patch: Partial<{ online: boolean; pending: number; lastError: string | null }>): void {
    const before = JSON.stringify(this.syncState)
    if (patch.online !== undefined) this.online = patch.online
    if (patch.pending !== undefined) this.pending = patch.pending
    if (patch.lastError !== undefined) this.lastError = patch.lastError
    if (JSON.stringify(this.syncState) !== before) for (const fn of this.stateListeners) fn(this.syncState)
  }

  // --- WriteRouter ------------------------------------------------------------------------------

  /**
   * Run a read on the team database, or the mirror when it is away. `mirror` names the rows read so
   * that, in team mode, they are copied into the mirror: what the user has seen can be edited
   * offline (an offline update can only change a row the mirror has).
   */
  async read<T>(op: (q: Queryable) => Promise<T>, mirror?: { table: string; rows: (result: T) => { id: string }[] }): Promise<T> {
    const db = this.current
    try {
      if (db !== this.opts.primary) return await op(db)
      const result = await op(db.reader)
      if (mirror && this.opts.local) await this.mirrorRows(mirror.table, mirror.rows(result)).catch(() => undefined)
      return result
    } catch (err) {
      if (!this.opts.local || db === this.opts.local || !isConnectionError(err)) throw err
      this.wentOffline(err)
      return op(this.opts.local)
    }
  }

  async write<R extends { id: string }>(table: string, op: (tx: Tx) => Promise<{ rows: R[]; announce: Announcement[] }>): Promise<R[]> {
    const local = this.opts.local
    if (local && this.current === this.opts.primary) {
      try {
        const rows = await this.opts.primary.tx(async (tx) => {
          const out = await op(tx)
          tx.afterCommit(() => this.publish(out.announce))
          return out.rows
        })
        // keep the mirror current with our own writes; a mirror failure must not fail the write
        await this.mirrorRows(table, rows).catch(() => undefined)
        return rows
      } catch (err) {
        if (!isConnectionError(err)) throw err
        this.wentOffline(err)
        // the write may or may not have reached the server: the outbox replay is idempotent either way
      }
    }
    const db = local ?? this.opts.primary
    const rows = await db.tx(async (tx) => {
      const out = await op(tx)
      if (local) for (const row of out.rows) await addToOutbox(tx, table, row)
      tx.afterCommit(() => this.publish(out.announce))
      return out.rows
    })
    if (local && rows.length) this.setState({ pending: this.pending + rows.length })
    return rows
  }

  private mirrorRows(table: string, rows: { id: string }[]): Promise<void> {
    return this.opts.local ? mirrorRows(this.opts.local, this.opts.primary, table, rows) : Promise.resolve()
  }

  /**
   * A bulk or replace-style write, routed like write(): the team database while it answers (then
   * `mirror` repeats it in the mirror, best effort); else the local database plus one outbox entry
   * made by `entry` from what was written. Ids are assigned by the callers before the first
   * attempt, so a write whose commit was lost with the connection is not doubled by its replay.
   */
  private async writeBatch<R>(
    table: string,
    entry: (written: R) => OutboxData | null,
    op: (tx: Tx) => Promise<R>,
    mirror?: (tx: Tx, written: R) => Promise<unknown>,
  ): Promise<R> {
    const local = this.opts.local
    if (!local || this.current === this.opts.primary) {
      try {
        const written = await this.opts.primary.tx(op)
        if (local && mirror)
          await local
            .tx(async (tx) => {
              await withReplaying(tx)
              await mirror(tx, written)
            })
            .catch(() => undefined)
        return written
      } catch (err) {
        if (!local || !isConnectionError(err)) throw err
        this.wentOffline(err)
      }
    }
    let queued = false
    const written = await local!.tx(async (tx) => {
      const out = await op(tx)
      const e = entry(out)
      if (e) await addToOutbox(tx, table, e)
      queued = e !== null
      return out
    })
    if (queued) this.setState({ pending: this.pending + 1 })
    return written
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

  // --- build details and bulk paths (see ./bulk.ts) ---------------------------------------------

  /**
   * Replace a job's steps (the BuildReport is parsed once the build ends). Offline, the whole
   * replacement is one outbox entry, replayed as delete + insert for the job.
   */
  replaceBuildSteps(jobId: string, steps: Omit<T.BuildStepCreate, 'jobId'>[]): Promise<D.BuildStep[]> {
    const rows = steps.map((s) => ({ ...s, jobId, id: s.id ?? crypto.randomUUID() }))
    return this.writeBatch(
      'slate_build_steps',
      (written) => ({ id: jobId, replaceKeys: [jobId], rows: written }),
      async (tx) => {
        await tx.query('DELETE FROM slate_build_steps WHERE job_id = $1', [jobId])
        return T.buildSteps.createMany(tx, rows)
      },
      (tx, written) => REPLACE_TABLES.slate_build_steps(tx, [jobId], written),
    )
  }

  listBuildSteps(jobId: string): Promise<D.BuildStep[]> {
    return this.read(async (q) => (await T.buildSteps.list(q, { jobId, limit: 1000 })).items, { table: 'slate_build_steps', rows: (r) => r })
  }

  /** Build messages with COPY, in one transaction; offline, locally and as one outbox entry. */
  addBuildMessages(messages: bulk.BuildMessageInput[]): Promise<number> {
    const now = new Date().toISOString()
    const rows = messages.map((m) => ({ ...m, id: m.id ?? bulk.uuidv7(), timestamp: m.timestamp ?? now }))
    return this.writeBatch('slate_build_messages', () => batch(rows), (tx) => bulk.copyBuildMessages(tx.client, rows))
  }

  listBuildMessages(jobId: string, opts?: { levels?: D.LogLevel[]; limit?: number }): Promise<D.BuildMessage[]> {
    return this.read((q) => bulk.listBuildMessages(q, jobId, opts))
  }

  addPackedAssets(packed: bulk.PackedAssetInput[]): Promise<number> {
    const rows = packed.map((r) => ({ ...r, id: r.id ?? crypto.randomUUID() }))
    return this.writeBatch('slate_build_packed_assets', () => batch(rows), (tx) => bulk.insertPackedAssets(tx, rows))
  }

  listPackedAssets(jobId: string, limit?: number): Promise<D.PackedAsset[]> {
    return this.read((q) => bulk.listPackedAssets(q, jobId, limit))
  }

  /**
   * Runtime log lines with COPY (call once per flush of the log buffer, any size). In team mode
   * with the server unreachable the batch goes into the local database and, as one entry, into the
   * outbox; ids are assigned here (UUIDv7) so the replay inserts each line once.
   */
  addRuntimeLogs(logs: bulk.RuntimeLogInput[]): Promise<number> {
    const now = new Date().toISOString()
    const rows = logs.map((l) => ({ ...l, id: l.id ?? bulk.uuidv7(), timestamp: l.timestamp ?? now }))
    return this.writeBatch('slate_runtime_logs', () => batch(rows), (tx) => bulk.copyRuntimeLogs(tx.client, rows))
  }

  listRuntimeLogs(sessionId: string, opts?: { levels?: D.LogLevel[]; after?: bulk.LogCursor; limit?: number }): Promise<D.RuntimeLog[]> {
    return this.read((q) => bulk.listRuntimeLogs(q, sessionId, opts))
  }

  /**
   * Asset index upsert by GUID (multi-row). Returns the rows that were inserted or actually
   * changed (unchanged ones are skipped, so a re-index of an unchanged project writes nothing and
   * announces nothing). Goes through the outbox when the team server is unreachable.
   */
  upsertAssetsByGuid(rows: bulk.AssetCreateInput[]): Promise<D.Asset[]> {
    return this.write('slate_assets', async (tx) => {
      const written = await bulk.upsertAssetsByGuid(tx, rows)
      return { rows: written, announce: written.map((row) => ({ kind: 'asset' as const, row, change: 'updated' as const })) }
    })
  }

  addAnalyticsEvents(events: bulk.AnalyticsEventInput[]): Promise<number> {
    const now = new Date().toISOString()
    const rows = events.map((e) => ({ ...e, id: e.id ?? bulk.uuidv7(), occurredAt: e.occurredAt ?? now }))
    return this.writeBatch('slate_analytics_events', () => batch(rows), (tx) => bulk.insertAnalyticsEvents(tx, rows))
  }

  countAnalyticsEventsByDay(name: string, opts?: { projectId?: string; since?: string }): Promise<{ day: string; count: number }[]> {
    return this.read((q) => bulk.countAnalyticsEventsByDay(q, name, opts))
  }

  /**
   * Replace the outgoing edges of these assets. Offline the replacement is one outbox entry and is
   * replayed whole; online the mirror gets it too, so offline dependency views match the server.
   */
  replaceAssetDependencies(fromAssetIds: string[], edges: D.AssetDependency[]): Promise<number> {
    return this.writeBatch(
      'slate_asset_dependencies',
      () => ({ id: crypto.randomUUID(), replaceKeys: fromAssetIds, rows: edges }),
      (tx) => bulk.replaceAssetDependencies(tx, fromAssetIds, edges),
      (tx) => bulk.replaceAssetDependencies(tx, fromAssetIds, edges),
    )
  }

  assetDependencies(projectId: string, assetId: string): Promise<D.AssetDependency[]> {
    return this.read((q) => bulk.assetDependencies(q, projectId, assetId))
  }

  assetDependents(projectId: string, guid: string): Promise<D.AssetDependency[]> {
    return this.read((q) => bulk.assetDependents(q, projectId, guid))
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.syncing
  }
}
