import path from 'node:path'
import { ApiError } from '../../../src-shared/contract-kit'
import type { LinkSessionInfo } from '../../../src-shared/types-link'
import type { SlateCore } from '../../host/slate-core'
import { LinkService } from '../../link/link-service'
import { liveLogEntries } from '../../link/live-log'
import { RuntimeRecorder } from '../../link/runtime-recorder'
import { analyzeFrames } from '../../profiler/analyze'
import { CaptureStore } from '../../profiler/captures'
import type { FrameTable } from '../../profiler/frame-table'
import { ImportError, importProfilerFile } from '../../profiler/import'
import { defineService } from '../../core/service-registry'
import type { Handlers } from '../handler'
import { consoleService } from './console'

interface LinkRuntime {
  root: string
  link: LinkService
  consoleOf: Map<string, string>
  seq: Map<string, number>
}

/**
 * The live link of one core (slate serve, the desktop app), as a service of its registry: the
 * listener, Library/SlateLink.json, runtime sessions in the database, a console source per Unity
 * process, and the contract's link.* events. Once started it follows the open project (the
 * registry tells it of a switch) and is closed when the core stops.
 */
class LiveLink {
  private runtime: LinkRuntime | null = null
  private chain: Promise<LinkRuntime | null> = Promise.resolve(null)
  private started = false
  private stopped = false

  constructor(private readonly core: SlateCore) {}

  get current(): LinkRuntime | null {
    return this.runtime
  }

  /** Start (or move to the open project); starts run one after another. */
  start(): Promise<LinkRuntime | null> {
    this.started = true
    const run = () => this.run()
    this.chain = this.chain.then(run, run)
    return this.chain
  }

  projectChanged(): void {
    if (this.started && !this.stopped) void this.start()
  }

  async stop(): Promise<void> {
    this.stopped = true
    await this.chain.catch(() => null)
    const rt = this.runtime
    this.runtime = null
    await rt?.link.close()
  }

  private async run(): Promise<LinkRuntime | null> {
    const core = this.core
    const project = this.stopped ? null : core.currentProject
    const old = this.runtime
    if (old && project && old.root === project.root) return old
    if (old) {
      this.runtime = null
      await old.link.close()
    }
    if (!project) return null
    const consoleOf = new Map<string, string>()
    const seq = new Map<string, number>()
    const console_ = consoleService(core)
    const name = project.productName ?? project.folderName
    const ensureConsole = (s: LinkSessionInfo) => {
      let id = consoleOf.get(s.sessionId)
      if (!id) {
        id = console_.openLive(`${s.label}`, `session ${s.sessionId}`).id
        consoleOf.set(s.sessionId, id)
      }
      return id
    }
    const link: LinkService = new LinkService({
      projectRoot: project.root,
      recorder: core.data ? new RuntimeRecorder(core.data.store, project.root, name) : null,
      sink: {
        sessions: (list) => core.events.emit('link.sessions', list),
        state: (e) => core.events.emit('link.state', e),
        frames: (e) => core.events.emit('link.frames', e),
        compile: (e) => {
          core.events.emit('link.compile', e)
          // Compiler messages stream into the process's console as they arrive.
          const s = link.process(e.sessionId)
          if (!s || e.messages.length === 0) return
          const id = ensureConsole(link.info(s))
          const entries = liveLogEntries(
            e.messages.map((m) => ({
              level: m.type === 'error' ? 'error' : 'warning',
              message: m.file ? `${m.file}(${m.line ?? 0},${m.column ?? 0}): ${m.type} ${m.message}` : m.message,
              stack: null,
            })),
            seq.get(e.sessionId) ?? 0,
          )
          seq.set(e.sessionId, (seq.get(e.sessionId) ?? 0) + entries.length)
          console_.appendLive(id, entries, 0)
        },
        logs: (s, entries, dropped) => {
          const id = ensureConsole(s)
          const out = liveLogEntries(entries, seq.get(s.sessionId) ?? 0)
          seq.set(s.sessionId, (seq.get(s.sessionId) ?? 0) + out.length)
          console_.appendLive(id, out, dropped)
        },
      },
    })
    link.consoleSourceOf = (sessionId) => consoleOf.get(sessionId) ?? null
    link.server.on('connected', (p, resumed) => {
      const id = ensureConsole(link.info(p))
      if (resumed) console_.resumeLive(id)
    })
    link.server.on('disconnected', (p) => {
      const id = consoleOf.get(p.sessionId)
      if (id) console_.endLive(id, `${p.label} disconnected`)
    })
    const rt: LinkRuntime = { root: project.root, link, consoleOf, seq }
    try {
      await link.start()
      // Team mode: players on other machines reach this SLATE through a relay over NATS
      // (`slate services --only link`), routed by a hash of this link's token.
      if (core.data && core.data.mode === 'team') link.server.attachRelay(core.data.bus, core.data.subjects)
    } catch (err) {
      console.error(`slate: the live link did not start: ${(err as Error).message}`)
      return null
    }
    this.runtime = rt
    return rt
  }
}

const liveLinkService = defineService<LiveLink, SlateCore>({
  name: 'live link',
  create: (core) => new LiveLink(core),
  projectChanged: (link) => link.projectChanged(),
  stop: (link) => link.stop(),
})

/** Start the core's live link for its open project (see LiveLink); it follows project switches from then on. */
export function startLink(core: SlateCore): Promise<LinkRuntime | null> {
  return core.service(liveLinkService).start()
}

function runtime(core: SlateCore): LinkRuntime {
  const rt = core.service(liveLinkService).current
  if (!rt) throw new ApiError('unavailable', 'The live link is not running (no project open, or it failed to start: see the core log)')
  return rt
}

/** A session's in-memory frames as a table (frame times in ms), optionally a range. */
function sessionTable(core: SlateCore, args: { sessionId: string; seconds?: number; fromFrame?: number; toFrame?: number }): { table: FrameTable; platform: string | null } {
  const rt = runtime(core)
  const p = rt.link.process(args.sessionId)
  if (!p) throw new ApiError('not_found', 'No such runtime session')
  const ids = p.counters.map((c) => c.id)
  const cols = p.frames.columns(ids, { since: args.seconds ? Date.now() - args.seconds * 1000 : undefined })
  let keep = cols.index.map((_, k) => k)
  if (args.fromFrame !== undefined || args.toFrame !== undefined) keep = keep.filter((k) => (args.fromFrame === undefined || cols.index[k] >= args.fromFrame) && (args.toFrame === undefined || cols.index[k] <= args.toFrame))
  return {
    table: { counters: p.counters.map((c) => ({ name: c.name, unit: c.unit })), index: keep.map((k) => cols.index[k]), series: ids.map((id) => keep.map((k) => cols.series[id][k])) },
    platform: p.info.platform ?? null,
  }
}

function captures(core: SlateCore): CaptureStore {
  if (!core.data) throw new ApiError('unavailable', 'Captures need the database, which did not start')
  const project = core.requireProject()
  return new CaptureStore(core.data.store, project.root, project.productName ?? project.folderName)
}

export const linkHandlers: Handlers<
  | 'link.status'
  | 'link.command'
  | 'link.frames'
  | 'link.allowList.set'
  | 'profiler.analyze'
  | 'profiler.captures.save'
  | 'profiler.captures.list'
  | 'profiler.captures.compare'
  | 'profiler.import'
> = {
  'link.status': (core) => runtime(core).link.status(),
  'link.command': (core, { sessionId, name, args, timeoutMs }) => runtime(core).link.command(sessionId, name, args, timeoutMs),
  'link.frames': (core, { sessionId, ids, seconds, limit }) => runtime(core).link.frames(sessionId, { ids, sinceMs: seconds ? Date.now() - seconds * 1000 : undefined, limit }),
  'link.allowList.set': (core, list) => runtime(core).link.setAllowList(list),
  'profiler.analyze': (core, args) => {
    const { table, platform } = sessionTable(core, args)
    return analyzeFrames(table, { targetFps: args.targetFps, platform, sessionId: args.sessionId })
  },
  'profiler.captures.save': async (core, args) => {
    const { table, platform } = sessionTable(core, args)
    if (table.index.length === 0) throw new ApiError('invalid_argument', 'That range has no frames to record')
    const p = runtime(core).link.process(args.sessionId)!
    return captures(core).save({ name: args.name, source: 'live', table, sessionId: args.sessionId, targetFps: args.targetFps, metadata: { platform, unityVersion: p.info.unityVersion ?? null, label: p.label } })
  },
  'profiler.captures.list': (core) => captures(core).list(),
  'profiler.captures.compare': (core, { a, b }) => captures(core).compare(a, b).catch((err: Error) => Promise.reject(new ApiError('not_found', err.message))),
  'profiler.import': async (core, { path: rel, save }) => {
    const abs = core.resolve(rel)
    try {
      const { summary, table } = await importProfilerFile(abs)
      if (save && table && core.data) {
        const saved = await captures(core).save({ name: path.basename(rel), source: 'profile-analyzer', table, metadata: { file: rel } })
        summary.captureId = saved.id
      }
      return summary
    } catch (err) {
      if (err instanceof ImportError) throw new ApiError('invalid_argument', err.message)
      throw err
    }
  },
}
