import os from 'node:os'
import path from 'node:path'
import type * as D from '../../src-shared/types-data'
import type { DataStore } from '../store/data-store'
import type { RuntimeLogInput } from '../store/bulk'
import { projectIdForRoot } from '../store/project-id'
import type { LinkProcess } from './link-process'
import type { LogsMessage } from './protocol'

/** Unity's log types → the database's levels (slate_runtime_logs.level). */
const LEVELS: Record<LogsMessage['entries'][number]['level'], D.LogLevel> = {
  log: 'info',
  warning: 'warning',
  error: 'error',
  exception: 'exception',
  assert: 'assert',
}

const FLUSH_MS = 250
const FLUSH_LINES = 2000
/** Lines waiting for the database, across processes: beyond this, lines are dropped and counted. */
const MAX_PENDING = 50_000

/**
 * Every connected Unity process is a `slate_runtime_sessions` row (runtime type unity, status,
 * started/stopped, metadata: Unity version, platform, device) and its log lines go to
 * `slate_runtime_logs` in batches (COPY through DataStore.addRuntimeLogs, which also queues them
 * offline in team mode). Database trouble never reaches the link: it is logged and counted.
 */
export class RuntimeRecorder {
  private projectId: Promise<string> | null = null
  private pending: RuntimeLogInput[] = []
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> = Promise.resolve()
  private readonly created = new Set<string>()
  dropped = 0
  written = 0
  failures = 0

  constructor(
    private readonly store: DataStore,
    private readonly projectRoot: string,
    private readonly projectName: string,
  ) {}

  private ensureProject(): Promise<string> {
    if (!this.projectId) {
      const id = projectIdForRoot(path.resolve(this.projectRoot))
      this.projectId = (async () => {
        const found = await this.store.projects.get(id, { includeDeleted: true })
        if (found && !found.deletedAt) return id
        if (found) await this.store.projects.restore(id)
        else await this.store.projects.create({ id, name: this.projectName.slice(0, 256) || 'project', ownerId: os.userInfo().username, settings: { root: path.resolve(this.projectRoot) } })
        return id
      })()
      this.projectId.catch(() => (this.projectId = null))
    }
    return this.projectId
  }

  private metadata(p: LinkProcess): D.JsonObject {
    const i = p.info
    return {
      kind: i.kind,
      unityVersion: i.unityVersion ?? null,
      platform: i.platform ?? null,
      device: i.device ?? null,
      productName: i.productName ?? null,
      pid: i.pid ?? null,
      development: i.development ?? null,
      reconnects: p.reconnects,
      badMessages: p.badMessages,
      droppedLogs: p.droppedLogs,
      frames: p.framesReceived,
    }
  }

  /** Session writes run one after another, so "stopped" never overtakes the row's creation. */
  private sessionOps: Promise<void> = Promise.resolve()
  private serial(fn: () => Promise<void>): Promise<void> {
    this.sessionOps = this.sessionOps.then(fn, fn)
    return this.sessionOps
  }

  connected(p: LinkProcess): Promise<void> {
    return this.serial(() => this.writeConnected(p))
  }

  private async writeConnected(p: LinkProcess): Promise<void> {
    try {
      if (this.created.has(p.sessionId)) {
        await this.store.runtimeSessions.update(p.sessionId, { status: 'running', stoppedAt: null, metadata: this.metadata(p) })
        return
      }
      const projectId = await this.ensureProject()
      await this.store.runtimeSessions.create({
        id: p.sessionId,
        projectId,
        userId: os.userInfo().username,
        runtimeType: 'unity',
        status: 'running',
        startedAt: p.startedAt,
        metadata: this.metadata(p),
      })
      this.created.add(p.sessionId)
    } catch (err) {
      this.failures++
      console.error(`slate link: could not record the runtime session: ${(err as Error).message}`)
    }
  }

  disconnected(p: LinkProcess): Promise<void> {
    return this.serial(() => this.writeDisconnected(p))
  }

  private async writeDisconnected(p: LinkProcess): Promise<void> {
    await this.flushNow()
    if (!this.created.has(p.sessionId)) return
    try {
      await this.store.runtimeSessions.update(p.sessionId, { status: 'stopped', stoppedAt: p.stoppedAt ?? new Date().toISOString(), metadata: this.metadata(p) })
    } catch (err) {
      this.failures++
      console.error(`slate link: could not close the runtime session: ${(err as Error).message}`)
    }
  }

  logs(p: LinkProcess, entries: LogsMessage['entries']): void {
    const room = MAX_PENDING - this.pending.length
    const now = Date.now()
    const take = entries.length <= room ? entries : entries.slice(0, Math.max(0, room))
    this.dropped += entries.length - take.length
    for (const e of take) {
      this.pending.push({
        sessionId: p.sessionId,
        level: LEVELS[e.level],
        message: e.message,
        timestamp: new Date(now).toISOString(),
        metadata: e.stack ? { stack: e.stack, time: e.time ?? null } : { time: e.time ?? null },
      })
    }
    if (this.pending.length >= FLUSH_LINES) void this.flushNow()
    else if (!this.timer) this.timer = setTimeout(() => void this.flushNow(), FLUSH_MS)
  }

  /** Write what is waiting (one COPY); concurrent calls queue behind each other. */
  async flush(): Promise<void> {
    // lines of a session whose row is still being written wait for it
    await this.sessionOps
    return this.flushNow()
  }

  private flushNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.flushing = this.flushing.then(async () => {
      // Only sessions whose row exists can take lines (the foreign key); others wait for it.
      const ready = this.pending.filter((l) => this.created.has(l.sessionId))
      if (ready.length === 0) return
      this.pending = this.pending.filter((l) => !this.created.has(l.sessionId))
      try {
        this.written += await this.store.addRuntimeLogs(ready)
      } catch (err) {
        this.failures++
        this.dropped += ready.length
        console.error(`slate link: ${ready.length} log lines could not be stored: ${(err as Error).message}`)
      }
    })
    return this.flushing
  }

  /** Everything queued so far is written (tests, shutdown). */
  async idle(): Promise<void> {
    await this.flush()
  }

  async close(): Promise<void> {
    await this.idle()
  }
}
