import path from 'node:path'
import { ApiError } from '../../src-shared/contract-kit'
import type { LinkAllowList, LinkCommandResult, LinkCompileEvent, LinkFramesEvent, LinkSessionInfo, LinkStateEvent, LinkStatus } from '../../src-shared/types-link'
import { readConfinedSync, writeFileConfined } from '../core/confined-fs'
import { DISCOVERY_FILE, removeDiscoveryFile, writeDiscoveryFile } from './discovery-file'
import type { LinkProcess } from './link-process'
import { LinkServer, type LinkServerOptions } from './link-server'
import type { RuntimeRecorder } from './runtime-recorder'
import type { LogsMessage } from './protocol'
import { linkCommandNames } from './protocol'

export const ALLOW_LIST_FILE = 'ProjectSettings/SlateLinkAllowList.json'

/** Where the live link's output goes: the core's events, or `slate link serve`'s stdout. */
export interface LinkSink {
  sessions(list: LinkSessionInfo[]): void
  state(e: LinkStateEvent): void
  frames(e: LinkFramesEvent): void
  compile(e: LinkCompileEvent): void
  /** log lines of a process (console source per process) */
  logs(p: LinkSessionInfo, entries: LogsMessage['entries'], dropped: number): void
}

export interface LinkServiceOptions extends LinkServerOptions {
  projectRoot: string
  sink: LinkSink
  recorder?: RuntimeRecorder | null
  /** how long a command may wait for Unity's reply */
  commandTimeoutMs?: number
}

/**
 * The live link for one project: the listener, the discovery file the Editor's bridge reads, the
 * runtime sessions, and the commands SLATE sends (play mode, compile, allow-listed methods…).
 */
export class LinkService {
  readonly server: LinkServer
  private discovery: string | null = null
  private problem: string | null = null
  consoleSourceOf: (sessionId: string) => string | null = () => null

  constructor(private readonly options: LinkServiceOptions) {
    this.server = new LinkServer(options)
    const s = this.server
    const sink = options.sink
    const rec = options.recorder ?? null
    s.on('connected', (p) => {
      void rec?.connected(p)
      sink.sessions(this.sessions())
      sink.state(this.stateEvent(p))
    })
    s.on('disconnected', (p) => {
      void rec?.disconnected(p)
      sink.sessions(this.sessions())
      sink.state(this.stateEvent(p))
    })
    s.on('state', (p) => sink.state(this.stateEvent(p)))
    s.on('counters', () => sink.sessions(this.sessions()))
    s.on('frames', (p, frames) => sink.frames(framesEvent(p, frames)))
    s.on('logs', (p, entries, dropped) => {
      rec?.logs(p, entries)
      sink.logs(this.info(p), entries, dropped)
    })
    s.on('compile', (p, msg) => {
      sink.compile({
        sessionId: p.sessionId,
        phase: msg.phase,
        assembly: msg.assembly ?? null,
        errors: msg.errors ?? (msg.messages ?? []).filter((m) => m.type === 'error').length,
        messages: (msg.messages ?? []).map((m) => ({ type: m.type, message: m.message, file: m.file ?? null, line: m.line ?? null, column: m.column ?? null })),
      })
      sink.state(this.stateEvent(p))
    })
  }

  async start(): Promise<{ url: string; token: string; file: string | null }> {
    const url = await this.server.start()
    try {
      await writeDiscoveryFile(this.options.projectRoot, url, this.server.token)
      this.discovery = DISCOVERY_FILE
    } catch (err) {
      // A read-only project still gets a link for players (command line / environment).
      this.problem = `Could not write ${DISCOVERY_FILE}: ${(err as Error).message}. The Editor will not find SLATE; players can still connect with -slateLink.`
    }
    return { url, token: this.server.token, file: this.discovery ? path.join(this.options.projectRoot, DISCOVERY_FILE) : null }
  }

  info(p: LinkProcess): LinkSessionInfo {
    const i = p.info
    return {
      sessionId: p.sessionId,
      label: p.label,
      kind: i.kind,
      unityVersion: i.unityVersion ?? null,
      platform: i.platform ?? null,
      device: i.device ?? null,
      productName: i.productName ?? null,
      pid: i.pid ?? null,
      development: i.development ?? null,
      connected: p.connected,
      startedAt: p.startedAt,
      stoppedAt: p.stoppedAt,
      state: { ...p.state },
      counters: p.counters.map((c) => ({ ...c })),
      framesReceived: p.framesReceived,
      logLines: p.logLines,
      droppedLogs: p.droppedLogs,
      badMessages: p.badMessages,
      reconnects: p.reconnects,
      consoleSourceId: this.consoleSourceOf(p.sessionId),
    }
  }

  sessions(): LinkSessionInfo[] {
    return this.server.list().map((p) => this.info(p))
  }

  private stateEvent(p: LinkProcess): LinkStateEvent {
    return { sessionId: p.sessionId, state: { ...p.state }, connected: p.connected }
  }

  status(): LinkStatus {
    return {
      listening: this.server.url !== '',
      url: this.server.url || null,
      discoveryFile: this.discovery,
      sessions: this.sessions(),
      badBeforeHello: this.server.badBeforeHello,
      allowList: this.allowList(),
      problem: this.problem,
    }
  }

  /** The project's allow-list; a missing or broken file allows nothing. */
  allowList(): LinkAllowList {
    try {
      const raw = JSON.parse(readConfinedSync(this.options.projectRoot, ALLOW_LIST_FILE).toString('utf8')) as Partial<LinkAllowList>
      const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 512) : [])
      return { methods: strings(raw.methods), menus: strings(raw.menus) }
    } catch {
      return { methods: [], menus: [] }
    }
  }

  async setAllowList(list: LinkAllowList): Promise<LinkAllowList> {
    const clean = { methods: [...new Set(list.methods.map((m) => m.trim()).filter(Boolean))], menus: [...new Set(list.menus.map((m) => m.trim()).filter(Boolean))] }
    await writeFileConfined(this.options.projectRoot, ALLOW_LIST_FILE, JSON.stringify(clean, null, 2) + '\n')
    return clean
  }

  /**
   * Send a command to one process. Method and menu names must be on the project's allow-list:
   * the network never decides what code runs in the Editor.
   */
  async command(sessionId: string, name: string, args: Record<string, unknown> = {}, timeoutMs?: number): Promise<LinkCommandResult> {
    if (!(linkCommandNames as readonly string[]).includes(name)) throw new ApiError('invalid_argument', `Unknown link command "${name.slice(0, 100)}"`)
    const p = this.server.get(sessionId)
    if (!p) throw new ApiError('not_found', 'No such runtime session (it may have ended long ago)')
    if (!p.connected) throw new ApiError('unavailable', `${p.label} is not connected`)
    if (name === 'method.run' || name === 'menu.run') {
      const key = name === 'method.run' ? 'methods' : 'menus'
      const value = String(args[name === 'method.run' ? 'name' : 'path'] ?? '')
      if (!this.allowList()[key].includes(value)) {
        throw new ApiError('invalid_argument', `"${value.slice(0, 200)}" is not on this project's allow-list (${ALLOW_LIST_FILE}); add it in SLATE first`)
      }
    }
    const t0 = performance.now()
    const reply = await this.server.command(sessionId, name, args, timeoutMs ?? this.options.commandTimeoutMs ?? 10_000)
    return { ok: reply.ok, result: reply.result ?? null, error: reply.ok ? null : (reply.error ?? 'failed'), ms: Math.round(performance.now() - t0) }
  }

  /** The in-memory frames of a session (the Profiler view's history when it opens). */
  frames(sessionId: string, opts: { ids?: number[]; sinceMs?: number; limit?: number }): LinkFramesEvent {
    const p = this.server.get(sessionId)
    if (!p) throw new ApiError('not_found', 'No such runtime session')
    const ids = opts.ids ?? p.counters.map((c) => c.id)
    const cols = p.frames.columns(ids, { since: opts.sinceMs, limit: opts.limit })
    const series: Record<string, (number | null)[]> = {}
    for (const id of ids) series[String(id)] = cols.series[id]
    return { sessionId, index: cols.index, received: cols.received, series }
  }

  process(sessionId: string): LinkProcess | undefined {
    return this.server.get(sessionId)
  }

  async close(): Promise<void> {
    await this.server.close()
    await this.options.recorder?.close()
    if (this.discovery) await removeDiscoveryFile(this.options.projectRoot, this.server.token)
  }
}

function framesEvent(p: LinkProcess, frames: { i: number; v: (number | null)[] }[]): LinkFramesEvent {
  const now = Date.now()
  const series: Record<string, (number | null)[]> = {}
  const width = Math.max(p.scale.length, ...frames.map((f) => f.v.length))
  for (let id = 0; id < width; id++) {
    const s = id < p.scale.length ? p.scale[id] : 1
    const col: (number | null)[] = new Array(frames.length)
    let any = false
    for (let k = 0; k < frames.length; k++) {
      const x = frames[k].v[id]
      col[k] = x === null || x === undefined || !Number.isFinite(x) ? null : s === 1 ? x : x * s
      if (col[k] !== null) any = true
    }
    if (any) series[String(id)] = col
  }
  return { sessionId: p.sessionId, index: frames.map((f) => f.i), received: frames.map(() => now), series }
}
