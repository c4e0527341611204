import crypto from 'node:crypto'
import fs from 'node:fs'
import type { runtimeCalls } from '../../../src-shared/contract-runtime'
import { ApiError } from '../../../src-shared/contract-kit'
import { BusNoRespondersError, BusTimeoutError } from '../../bus/bus'
import { defineService } from '../../core/service-registry'
import { RuntimeLive } from '../../runtime/runtime-live'
import { RuntimeRequestError } from '../../runtime/orchestrator-service'
import { readRuntimePresets, saveRuntimePreset } from '../../runtime/presets'
import { parseMemory, SessionConfigError } from '../../runtime/session-config'
import { projectIdForRoot } from '../../store/project-id'
import type { SlateCore } from '../../host/slate-core'
import type { Handlers } from '../handler'
import { openRuntimeConsole } from './runtime-console'

type RuntimeCalls = keyof typeof runtimeCalls

/** The core's runtime state (listeners on the bus, stats samples): created on the first runtime call. */
const runtimeLiveService = defineService<RuntimeLive, SlateCore>({
  name: 'runtime',
  create: (core) =>
    new RuntimeLive({
      data: () => core.data,
      emitSession: (p) => core.events.emit('runtime.session.changed', p),
      emitLog: (p) => core.events.emit('runtime.log', p),
      emitStats: (p) => core.events.emit('runtime.stats', p),
      emitExec: (p) => core.events.emit('runtime.exec.output', p),
    }),
  projectChanged: (live) => live.forget(),
  stop: (live) => live.stop(),
})

const NOT_RUNNING =
  'the container service is not running: start `slate services --only container` on the team server (team mode), or restart SLATE so that it starts its own (solo mode)'

/** The container service's answers and silences as API errors a person can act on. */
async function asked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof ApiError) throw err
    if (err instanceof BusNoRespondersError) throw new ApiError('unavailable', NOT_RUNNING)
    if (err instanceof BusTimeoutError) throw new ApiError('unavailable', `the container service did not answer in time (${err.message}); it may be overloaded or stuck`)
    if (err instanceof SessionConfigError) throw new ApiError('invalid_argument', err.message)
    const code = (err as { code?: string }).code
    const message = err instanceof Error ? err.message : String(err)
    if (err instanceof RuntimeRequestError) {
      if (code === 'not_found') throw new ApiError('not_found', message)
      if (code === 'bad_config' || code === 'bad_request') throw new ApiError('invalid_argument', message)
      if (code === 'not_running') throw new ApiError('conflict', message)
      throw new ApiError('unavailable', message)
    }
    if (code === 'unavailable') throw new ApiError('unavailable', message)
    throw err
  }
}

function live(core: SlateCore): RuntimeLive {
  return core.service(runtimeLiveService)
}

/** The open project's folder as the orchestrator records it (symlinks resolved). */
function projectRoot(core: SlateCore): string {
  const root = core.requireProject().root
  try {
    return fs.realpathSync(root)
  } catch {
    return root
  }
}

/** A session of the open project, or not_found (ids of other projects are not reachable here). */
async function sessionOf(core: SlateCore, sessionId: string) {
  const { store } = live(core).bind()
  const s = await store.runtimeSessions.get(sessionId)
  if (!s || s.projectId !== projectIdForRoot(projectRoot(core))) throw new ApiError('not_found', `no runtime session ${sessionId} in this project`)
  return s
}

/** Stop or restart a session of the open project; the core follows its new state. */
function control(core: SlateCore, sessionId: string, verb: 'stop' | 'restart') {
  return asked(async () => {
    await sessionOf(core, sessionId)
    const client = live(core).client()
    const s = verb === 'stop' ? await client.stop(sessionId) : await client.restart(sessionId)
    live(core).track(s)
    return s
  })
}

export const runtimeHandlers: Handlers<RuntimeCalls> = {
  'runtime.sessions.list': async (core, args) =>
    asked(async () => {
      const l = live(core)
      const { store } = l.bind()
      const rows = (await store.runtimeSessions.list({ projectId: projectIdForRoot(projectRoot(core)), limit: args.limit })).items
      for (const s of rows) l.track(s)
      return rows
    }),
  'runtime.sessions.start': async (core, args) =>
    asked(async () => {
      let memoryBytes: number | null = null
      if (args.memory) memoryBytes = parseMemory(args.memory)
      const l = live(core)
      const { memory: _memory, ...rest } = args
      const s = await l.client().start({ ...rest, memoryBytes, projectRoot: projectRoot(core) })
      l.track(s)
      return s
    }),
  'runtime.sessions.stop': async (core, args) => control(core, args.sessionId, 'stop'),
  'runtime.sessions.restart': async (core, args) => control(core, args.sessionId, 'restart'),
  'runtime.sessions.exec': async (core, args) =>
    asked(async () => {
      await sessionOf(core, args.sessionId)
      const execId = args.execId ?? crypto.randomUUID()
      const r = await live(core).exec(args.sessionId, execId, args.command)
      return { execId, ...r }
    }),
  'runtime.sessions.stats': async (core, args) =>
    asked(async () => {
      const s = await sessionOf(core, args.sessionId)
      live(core).track(s)
      return live(core).statsOf(args.sessionId)
    }),
  'runtime.sessions.logs': async (core, args) =>
    asked(async () => {
      await sessionOf(core, args.sessionId)
      const { store } = live(core).bind()
      const rows = await store.listRuntimeLogs(args.sessionId, { after: args.after, limit: args.limit })
      const lines = rows.map((r) => ({ id: r.id, level: r.level, message: r.message, timestamp: r.timestamp }))
      const last = rows[rows.length - 1]
      if (rows.length === args.limit && last) return { lines, next: { timestamp: last.timestamp, id: last.id } }
      // the end of the stored log: add what the bus carried that the aggregator has not written yet
      const tail = live(core).unstoredTail(args.sessionId, last ?? args.after ?? null)
      return { lines: [...lines, ...tail.slice(0, args.limit - lines.length)], next: null }
    }),
  'runtime.sessions.openInConsole': async (core, args) =>
    asked(async () => {
      const s = await sessionOf(core, args.sessionId)
      return openRuntimeConsole(core, live(core).bind().store, s, (after) => live(core).unstoredTail(s.id, after))
    }),
  'runtime.presets.get': async (core) => {
    const p = core.requireProject()
    return readRuntimePresets(p.root, p.productName).catch((err: Error) => {
      throw new ApiError('invalid_argument', err.message)
    })
  },
  'runtime.presets.save': async (core, args) => {
    const p = core.requireProject()
    await saveRuntimePreset(p.root, args.name, args.preset)
    return readRuntimePresets(p.root, p.productName)
  },
}
