import { z } from 'zod'
import { call, event, projectPath } from './contract-kit'
import type * as L from './types-link'
import type * as P from './types-profiler'

/** The live link to Unity and the Profiler (src-main/link, src-main/profiler; handlers in src-main/api/handlers/link.ts). */
const sessionId = z.string().uuid()
/** Commands SLATE can send to Unity (the protocol's "Down" direction); src-main/link uses this list. */
export const linkCommandNames = [
  'play.enter',
  'play.exit',
  'play.pause',
  'play.resume',
  'play.step',
  'time.scale',
  'frameRate',
  'assets.refresh',
  'scripts.compile',
  'method.run',
  'menu.run',
  'package.import',
  'package.export',
] as const
const commandName = z.enum(linkCommandNames)
const range = z
  .object({
    sessionId,
    /** frames received in the last N seconds (default: everything in memory) */
    seconds: z.number().positive().max(24 * 3600).optional(),
    /** or an explicit frame-number range (inclusive) */
    fromFrame: z.number().int().optional(),
    toFrame: z.number().int().optional(),
    targetFps: z.number().int().min(1).max(1000).optional(),
  })
  .strict()

export const linkCalls = {
  'link.status': call<L.LinkStatus>()(z.object({}).strict(), 'The live link: its URL, the connected Unity processes (runtime sessions), the allow-list'),
  'link.command': call<L.LinkCommandResult>()(
    z
      .object({
        sessionId,
        name: commandName,
        args: z.record(z.string().max(64), z.unknown()).default({}),
        timeoutMs: z.number().int().min(100).max(600_000).optional(),
      })
      .strict(),
    "Send a command to a Unity process (play mode, time scale, refresh, compile, allow-listed methods/menus, packages); Unity's reply or why not",
  ),
  'link.frames': call<L.LinkFramesEvent>()(
    z.object({ sessionId, ids: z.array(z.number().int().min(0).max(4095)).max(512).optional(), seconds: z.number().positive().max(24 * 3600).optional(), limit: z.number().int().min(1).max(250_000).optional() }).strict(),
    'The frames of a session held in memory (up to 1 h at 60 fps): what the Profiler shows when it opens',
  ),
  'link.allowList.set': call<L.LinkAllowList>()(
    z.object({ methods: z.array(z.string().min(1).max(512)).max(500), menus: z.array(z.string().min(1).max(512)).max(500) }).strict(),
    'Replace the static methods and menu items Unity may run by name (ProjectSettings/SlateLinkAllowList.json)',
  ),
  'profiler.analyze': call<P.ProfilerAnalysis>()(range, 'Figures of a frame range (median/p95/max per counter), the bottleneck per frame and overall, and recommendations'),
  'profiler.captures.save': call<P.CaptureSummary>()(
    range.extend({ name: z.string().min(1).max(200) }).strict(),
    "Record a session's frames (a range) to the database as a capture",
  ),
  'profiler.captures.list': call<P.CaptureSummary[]>()(z.object({}).strict(), 'Saved and imported captures of the open project'),
  'profiler.captures.compare': call<P.CaptureComparison>()(
    z.object({ a: z.string().uuid(), b: z.string().uuid() }).strict(),
    'Two captures side by side: median, p95, max per counter and the frame-time distribution',
  ),
  'profiler.import': call<P.ImportSummary>()(
    z.object({ path: projectPath, save: z.boolean().default(true) }).strict(),
    'Import a Profile Analyzer export (frameTime.csv, markerTable.csv) or Performance Testing results (PerformanceTestResults.json)',
  ),
} as const

export const linkEvents = {
  // the whole list each time: only the newest matters
  'link.sessions': event<L.LinkSessionInfo[]>('A Unity process connected, disconnected or changed its counters', { mode: 'latest', perSecond: 4 }),
  'link.state': event<L.LinkStateEvent>("A Unity process's play mode, pause, time scale or compiling state changed", { mode: 'every', key: (p) => p.sessionId }),
  // every batch counts (a chart must not lose frames); keyed so a client subscribes per process
  'link.frames': event<L.LinkFramesEvent>('A batch of profiler frames from a Unity process (values in ms for frame times), ~10 a second', {
    mode: 'every',
    key: (p) => p.sessionId,
  }),
  'link.compile': event<L.LinkCompileEvent>('Script compilation in a Unity process: started, an assembly with its messages, finished', { mode: 'every', key: (p) => p.sessionId }),
} as const
